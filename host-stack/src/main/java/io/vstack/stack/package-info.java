/**
 * The TCP/IP host: {@link io.vstack.stack.TcpStack} joins a {@link io.vstack.host.HostAgent} (ARP,
 * ICMP, IPv4 on a {@link io.vstack.port.Port}) and a {@link io.vstack.tcp.TcpEngine}, translating
 * between the checked wire views and the engine's {@link io.vstack.tcp.SegmentInfo} in both
 * directions without allocating.
 */
package io.vstack.stack;
