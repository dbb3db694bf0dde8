/**
 * Linux network namespaces and the external programs run in them (iproute2, ping, tcpdump): used by
 * {@code vstack demo --tap} and by the interop tests that make Linux the peer. Every command is
 * bounded in time and every namespace is deleted on close.
 */
package io.vstack.netns;
