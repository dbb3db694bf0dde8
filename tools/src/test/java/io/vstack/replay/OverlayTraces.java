package io.vstack.replay;

import io.vstack.overlay.Encapsulator;
import io.vstack.overlay.OverlaySettings;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.EthernetRepr;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv4Repr;
import io.vstack.wire.MacAddress;
import io.vstack.wire.Octets;
import io.vstack.wire.OverlayProtocol;
import io.vstack.wire.TcpOptionsRepr;
import io.vstack.wire.TcpRepr;
import io.vstack.wire.TcpSegment;
import io.vstack.wire.UdpDatagram;
import io.vstack.wire.UdpRepr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * VXLAN traces for {@code replay --through-stack} tests: frames of three tenants from their VTEPs,
 * mixed at random with injected bad frames of known kinds, against the config {@link #CONFIG}.
 * Every frame's expected tenant and drop reason is known from its {@link Kind}.
 */
public final class OverlayTraces {
  /**
   * The host (192.0.2.1), tenants blue (VNI 100), red (200) and green (300), their VTEPs, one port
   * "uplink" with rules: MARK blue, MARK red, DROP VNI 999. Green has no MARK rule, so the stack
   * classifies it by VNI.
   */
  public static final String CONFIG =
      """
      host:
        underlay:
          ipv4: 192.0.2.1
          mac: 02:00:00:00:00:01
        overlay:
          protocol: vxlan
      tenants:
        - id: 1
          name: blue
          vni: 100
          interfaces:
            - mac: 02:00:00:00:01:01
              ipv4: [10.0.0.1]
        - id: 2
          name: red
          vni: 200
          interfaces:
            - mac: 02:00:00:00:02:01
              ipv4: [10.0.0.1]
        - id: 3
          name: green
          vni: 300
          interfaces:
            - mac: 02:00:00:00:03:01
              ipv4: [10.1.0.1]
      vteps:
        - tenant: blue
          host: 192.0.2.2
          vips: [10.0.0.2, 10.0.0.3]
        - tenant: red
          host: 192.0.2.3
          vips: [10.0.0.2]
        - tenant: green
          host: 192.0.2.4
          vips: [10.1.0.9]
      ports:
        - name: uplink
          spec: memory:uplink
        - name: plain
          spec: memory:plain
      rules:
        uplink:
          - ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni is 100 / end actions mark id 1 / queue index 0 / count / end
          - ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni is 200 / end actions mark id 2 / queue index 0 / count / end
          - priority: 1
            pattern: [eth, ipv4, udp dst is 4789, vxlan vni is 999]
            actions: [count, drop]
      """;

  /** tshark display filters equivalent to the rules of {@link #CONFIG}, in rule order. */
  public static final List<String> RULE_FILTERS =
      List.of(
          "eth && ip && udp.dstport == 4789 && vxlan.vni == 100",
          "eth && ip && udp.dstport == 4789 && vxlan.vni == 200",
          "eth && ip && udp.dstport == 4789 && vxlan.vni == 999");

  private static final int HOST = Ipv4Address.parse("192.0.2.1");
  private static final long HOST_MAC = MacAddress.parse("02:00:00:00:00:01");
  private static final int BLUE_VTEP = Ipv4Address.parse("192.0.2.2");
  private static final int RED_VTEP = Ipv4Address.parse("192.0.2.3");
  private static final int GREEN_VTEP = Ipv4Address.parse("192.0.2.4");

  /** What a generated frame is, and what the stack must make of it. */
  public enum Kind {
    BLUE("blue", null, 100, BLUE_VTEP, 0x0a01, "10.0.0.2", "10.0.0.1"),
    RED("red", null, 200, RED_VTEP, 0x0a02, "10.0.0.2", "10.0.0.1"),
    GREEN("green", null, 300, GREEN_VTEP, 0x0a03, "10.1.0.9", "10.1.0.1"),
    /** Blue's VTEP sends a source blue does not have there. */
    BLUE_SPOOFED_IP("blue", "spoofed_source_ip", 100, BLUE_VTEP, 0x0a01, "10.0.0.9", "10.0.0.1"),
    /** An inner source MAC that is blue's own local vMAC. */
    BLUE_SPOOFED_MAC("blue", "spoofed_source_mac", 100, BLUE_VTEP, 0x0101, "10.0.0.2", "10.0.0.1"),
    /** Red's vIP 10.0.0.2 claimed from blue's VTEP. */
    RED_WRONG_VTEP("red", "spoofed_source_ip", 200, BLUE_VTEP, 0x0a02, "10.0.0.2", "10.0.0.1"),
    /** A VNI no tenant has and no rule drops: the stack drops it. */
    UNKNOWN_VNI(null, "unknown_vni", 777, BLUE_VTEP, 0x0a01, "10.0.0.2", "10.0.0.1"),
    /** The VNI rule 2 drops before the stack. */
    RULE_DROPPED(null, "flow_rule_drop", 999, BLUE_VTEP, 0x0a01, "10.0.0.2", "10.0.0.1"),
    /** UDP to another port: not overlay traffic. */
    NOT_OVERLAY(null, "not_overlay", -1, BLUE_VTEP, 0x0a01, "10.0.0.2", "10.0.0.1"),
    /** Overlay to this host's IP but another MAC. */
    NOT_FOR_THIS_HOST(null, "not_for_this_host", 777, BLUE_VTEP, 0x0a01, "10.0.0.2", "10.0.0.1");

    /** The tenant charged, or null. */
    public final String tenant;

    /** The drop reason, or null when delivered. */
    public final String drop;

    final int vni;
    final int vtep;
    final long innerSourceMac;
    final int innerSource;
    final int innerDestination;

    Kind(
        final String tenant,
        final String drop,
        final int vni,
        final int vtep,
        final int macLow,
        final String innerSource,
        final String innerDestination) {
      this.tenant = tenant;
      this.drop = drop;
      this.vni = vni;
      this.vtep = vtep;
      this.innerSourceMac = 0x02_00_00_00_00_00L | macLow;
      this.innerSource = Ipv4Address.parse(innerSource);
      this.innerDestination = Ipv4Address.parse(innerDestination);
    }
  }

  /** A generated trace: the frames and, per kind, how many frames and bytes it holds. */
  public record Generated(
      List<Traces.Frame> frames, Map<Kind, Long> frameCounts, Map<Kind, Long> byteCounts) {
    public long frames(final Kind... kinds) {
      return Arrays.stream(kinds).mapToLong(k -> frameCounts.getOrDefault(k, 0L)).sum();
    }

    public long bytes(final Kind... kinds) {
      return Arrays.stream(kinds).mapToLong(k -> byteCounts.getOrDefault(k, 0L)).sum();
    }
  }

  private OverlayTraces() {}

  /**
   * {@code count} frames, 1 ms apart from {@link Traces#EPOCH}; good frames three times as likely
   * as each bad kind; inner TCP payloads of 0..1400 bytes.
   */
  public static Generated generate(final Random random, final int count) {
    final List<Kind> weighted = new ArrayList<>();
    for (final Kind kind : Kind.values()) {
      for (int i = 0; i < (kind.drop == null ? 3 : 1); i++) {
        weighted.add(kind);
      }
    }
    final List<Traces.Frame> frames = new ArrayList<>();
    final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    final Map<Kind, Long> bytes = new EnumMap<>(Kind.class);
    for (int i = 0; i < count; i++) {
      final Kind kind = weighted.get(random.nextInt(weighted.size()));
      final byte[] frame = frame(kind, random.nextInt(1401), random);
      frames.add(new Traces.Frame(frame, Traces.EPOCH + i * 1_000_000L));
      counts.merge(kind, 1L, Long::sum);
      bytes.merge(kind, (long) frame.length, Long::sum);
    }
    return new Generated(frames, counts, bytes);
  }

  /**
   * One frame of {@code kind}: an inner TCP segment (ACK|PSH, to port 5001, where nothing listens)
   * with {@code payload} random bytes.
   */
  static byte[] frame(final Kind kind, final int payload, final Random random) {
    final byte[] data = new byte[payload];
    random.nextBytes(data);
    final TcpRepr tcp =
        new TcpRepr(
            40000 + random.nextInt(1000),
            5001,
            random.nextInt(),
            random.nextInt(),
            TcpSegment.FLAG_ACK | TcpSegment.FLAG_PSH,
            65535,
            0,
            TcpOptionsRepr.NONE,
            Octets.of(data));
    final int innerIpLength = Ipv4Packet.MIN_HEADER_LENGTH + tcp.length();
    final int innerLength = EthernetFrame.HEADER_LENGTH + innerIpLength;
    final int headroom = 50;
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[headroom + innerLength]);
    final long tenantMac = 0x02_00_00_00_00_01L | ((long) (kind.vni / 100) << 8);
    final EthernetFrame inner =
        EthernetRepr.of(tenantMac, kind.innerSourceMac, EthernetFrame.TYPE_IPV4)
            .emit(new EthernetFrame(), buffer, headroom, innerIpLength);
    final Ipv4Packet innerIp =
        Ipv4Repr.of(kind.innerSource, kind.innerDestination, Ipv4Packet.PROTOCOL_TCP, tcp.length())
            .emit(new Ipv4Packet(), buffer, inner.payloadOffset());
    tcp.emit(new TcpSegment(), buffer, innerIp.payloadOffset(), innerIp.pseudoHeaderSum());
    if (kind == Kind.NOT_OVERLAY) {
      // The same bytes, but as plain UDP to port 5353 of this host.
      final UdpRepr outer = new UdpRepr(5353, 5353, Octets.read(buffer, headroom, innerLength));
      final int length =
          EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH + outer.length();
      final UnsafeBuffer plain = new UnsafeBuffer(new byte[length]);
      writeIpv4Udp(
          plain,
          0,
          EthernetRepr.of(HOST_MAC, 0x02_00_00_00_0b_01L, EthernetFrame.TYPE_IPV4),
          kind.vtep,
          HOST,
          outer);
      return plain.byteArray();
    }
    final OverlaySettings remote =
        OverlaySettings.of(OverlayProtocol.VXLAN, kind.vtep, 0x02_00_00_00_0b_01L);
    final long destinationMac = kind == Kind.NOT_FOR_THIS_HOST ? 0x02_00_00_00_00_99L : HOST_MAC;
    final int start =
        new Encapsulator(remote)
            .encapsulate(buffer, headroom, innerLength, kind.vni, HOST, destinationMac);
    if (start != 0) {
      throw new IllegalStateException("encapsulation headroom is not 50 bytes: " + start);
    }
    return buffer.byteArray();
  }

  private static void writeIpv4Udp(
      final UnsafeBuffer buffer,
      final int offset,
      final EthernetRepr ethernet,
      final int source,
      final int destination,
      final UdpRepr udp) {
    final EthernetFrame frame =
        ethernet.emit(
            new EthernetFrame(), buffer, offset, Ipv4Packet.MIN_HEADER_LENGTH + udp.length());
    final Ipv4Packet ip =
        Ipv4Repr.of(source, destination, Ipv4Packet.PROTOCOL_UDP, udp.length())
            .emit(new Ipv4Packet(), buffer, frame.payloadOffset());
    udp.emit(new UdpDatagram(), buffer, ip.payloadOffset(), ip.pseudoHeaderSum());
  }
}
