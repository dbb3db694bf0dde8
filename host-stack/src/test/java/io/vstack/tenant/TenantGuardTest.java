package io.vstack.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.wire.ArpPacket;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.EthernetRepr;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv6Address;
import io.vstack.wire.Ipv6Packet;
import io.vstack.wire.MacAddress;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TenantGuardTest {
  private static final long MAC = 0x0200_0000_0101L;
  private static final int IP = Ipv4Address.parse("10.0.0.1");
  private static final Ipv6Address IP6 = Ipv6Address.parse("fd00::1");

  private final TenantRegistry registry =
      TenantRegistry.of(
          List.of(
              Tenant.of(
                  1, "blue", 100, List.of(new VirtualInterface(MAC, List.of(IP), List.of(IP6)))),
              Tenant.of(
                  2,
                  "red",
                  200,
                  List.of(new VirtualInterface(MAC + 1, List.of(IP + 1), List.of())))));
  private final TenantGuard guard = new TenantGuard(registry);
  private final UnsafeBuffer frame = new UnsafeBuffer(new byte[128]);

  private int ipv4(final long mac, final int source) {
    EthernetRepr.of(MacAddress.BROADCAST, mac, EthernetFrame.TYPE_IPV4)
        .emit(new EthernetFrame(), frame, 0, 34);
    new Ipv4Packet()
        .wrapForEmit(frame, 14, 20)
        .totalLength(20)
        .ttl(64)
        .protocol(Ipv4Packet.PROTOCOL_UDP)
        .source(source)
        .destination(IP + 5)
        .fillChecksum();
    return 34;
  }

  private int arp(final long mac, final long senderMac, final int sender) {
    EthernetRepr.of(MacAddress.BROADCAST, mac, EthernetFrame.TYPE_ARP)
        .emit(new EthernetFrame(), frame, 0, 42);
    new ArpPacket()
        .wrapForEmit(frame, 14)
        .operation(ArpPacket.OPERATION_REQUEST)
        .senderHardware(senderMac)
        .senderProtocol(sender)
        .targetHardware(0)
        .targetProtocol(IP + 9);
    return 42;
  }

  private int ipv6(final long mac, final Ipv6Address source) {
    EthernetRepr.of(MacAddress.BROADCAST, mac, EthernetFrame.TYPE_IPV6)
        .emit(new EthernetFrame(), frame, 0, 54);
    new Ipv6Packet()
        .wrapForEmit(frame, 14, 40)
        .versionClassFlow(0, 0)
        .payloadLength(0)
        .nextHeader(Ipv6Packet.NEXT_HEADER_NONE)
        .hopLimit(64)
        .source(source.hi(), source.lo())
        .destination(0, 1);
    return 54;
  }

  @Test
  void shouldPassFramesFromTheTenantsOwnAddresses() {
    assertThat(guard.checkLocal(0, frame, 0, ipv4(MAC, IP))).isEqualTo(TenantDrop.PASS);
    assertThat(guard.checkLocal(0, frame, 0, arp(MAC, MAC, IP))).isEqualTo(TenantDrop.PASS);
    assertThat(guard.checkLocal(0, frame, 0, arp(MAC, MAC, 0)))
        .as("ARP probe")
        .isEqualTo(TenantDrop.PASS);
    assertThat(guard.checkLocal(0, frame, 0, ipv6(MAC, IP6))).isEqualTo(TenantDrop.PASS);
    assertThat(guard.checkLocal(0, frame, 0, ipv6(MAC, Ipv6Address.UNSPECIFIED)))
        .as("DAD")
        .isEqualTo(TenantDrop.PASS);
  }

  @Test
  void shouldRefuseSpoofedSourcesWithTheirReason() {
    assertThat(guard.checkLocal(0, frame, 0, ipv4(MAC + 1, IP)))
        .as("red's MAC")
        .isEqualTo(TenantDrop.SPOOFED_SOURCE_MAC);
    assertThat(guard.checkLocal(0, frame, 0, ipv4(MAC, IP + 1)))
        .as("red's IP")
        .isEqualTo(TenantDrop.SPOOFED_SOURCE_IP);
    assertThat(guard.checkLocal(1, frame, 0, ipv4(MAC, IP)))
        .as("blue's frame as red")
        .isEqualTo(TenantDrop.SPOOFED_SOURCE_MAC);
    assertThat(guard.checkLocal(0, frame, 0, arp(MAC, MAC + 1, IP)))
        .as("ARP sender MAC differs")
        .isEqualTo(TenantDrop.SPOOFED_SOURCE_MAC);
    assertThat(guard.checkLocal(0, frame, 0, arp(MAC, MAC, IP + 1)))
        .isEqualTo(TenantDrop.SPOOFED_SOURCE_IP);
    assertThat(guard.checkLocal(0, frame, 0, ipv6(MAC, Ipv6Address.parse("fd00::2"))))
        .isEqualTo(TenantDrop.SPOOFED_SOURCE_IP);
    assertThat(guard.checkLocal(0, frame, 0, ipv4(MacAddress.BROADCAST, IP)))
        .isEqualTo(TenantDrop.SPOOFED_SOURCE_MAC);
  }

  @Test
  void shouldReportMalformedAndUnsupportedFramesWhenHeadersAreBad() {
    final int length = ipv4(MAC, IP);
    frame.putByte(24, (byte) 0x55); // corrupt the IPv4 header checksum
    assertThat(guard.checkLocal(0, frame, 0, length)).isEqualTo(TenantDrop.MALFORMED_INNER);
    assertThat(guard.checkLocal(0, frame, 0, 10)).isEqualTo(TenantDrop.MALFORMED_INNER);
    frame.putShort(12, (short) 0x88CC, java.nio.ByteOrder.BIG_ENDIAN); // LLDP
    assertThat(guard.checkLocal(0, frame, 0, length)).isEqualTo(TenantDrop.UNSUPPORTED_INNER);
  }
}
