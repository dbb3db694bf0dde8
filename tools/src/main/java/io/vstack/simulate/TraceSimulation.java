package io.vstack.simulate;

import io.vstack.flow.FlowDirection;
import io.vstack.flow.FlowRule;
import io.vstack.flow.match.FlowMatcher;
import io.vstack.flow.match.MatchResult;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.pcap.CaptureReader;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv6Address;
import io.vstack.wire.Ipv6Packet;
import io.vstack.wire.WireError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs ingress rules (ids 0, 1, ... in list order, as a fresh port numbers them) over every frame
 * of a pcap/pcapng file with the software matcher.
 *
 * <p>Counts per rule are the matcher's: a frame counts for every rule on its path (a JUMP or
 * PASSTHRU rule and the rule that decides). A frame is unmatched when no rule decided it. Flows are
 * keyed by the outermost IPv4/IPv6 5-tuple (protocol, addresses, TCP/UDP ports; ports 0 for other
 * protocols and non-first fragments; checksums are not checked); frames without IP are keyed by
 * their EtherType.
 */
public final class TraceSimulation {
  /**
   * Distinct flows tracked; frames of further flows are counted in {@link Result#untrackedFrames}.
   */
  public static final int MAX_FLOWS = 100_000;

  /**
   * One flow: its 5-tuple text, frames seen and the id of the rule its first frame hit (-1: none).
   */
  public record Flow(String key, long frames, long firstRule) {}

  /**
   * What the rules did with the trace.
   *
   * @param frames frames read
   * @param unmatched frames no rule decided
   * @param hits per rule id, frames that hit it
   * @param bytes per rule id, bytes of those frames
   * @param flows flows in order of first appearance
   * @param untrackedFrames frames of flows beyond {@link #MAX_FLOWS}
   */
  public record Result(
      long frames,
      long unmatched,
      long[] hits,
      long[] bytes,
      List<Flow> flows,
      long untrackedFrames) {}

  private static final class FlowState {
    long frames;
    final long firstRule;

    FlowState(final long firstRule) {
      this.firstRule = firstRule;
    }
  }

  private final byte[] frame = new byte[CaptureReader.MAX_PACKET_LENGTH];
  private final UnsafeBuffer view = new UnsafeBuffer(frame);
  private final EthernetFrame ethernet = new EthernetFrame();
  private final Ipv4Packet ipv4 = new Ipv4Packet();
  private final Ipv6Packet ipv6 = new Ipv6Packet();

  /**
   * Runs {@code rules} over {@code trace}, frames arriving on port {@code port}.
   *
   * @throws IllegalArgumentException for a rule the matcher cannot compile (mask without spec)
   */
  public Result run(final List<FlowRule> rules, final Path trace, final int port)
      throws IOException, CaptureFormatException {
    final FlowMatcher matcher = FlowMatcher.compile(rules, FlowDirection.INGRESS);
    final Map<String, FlowState> flows = new LinkedHashMap<>();
    long frames = 0;
    long unmatched = 0;
    long untracked = 0;
    try (CaptureReader reader = CaptureReader.open(trace)) {
      while (reader.next()) {
        final int length = reader.capturedLength();
        reader.packet().getBytes(0, frame, 0, length);
        frames++;
        final MatchResult result =
            matcher.match(frame, 0, length, FlowMatcher.NO_MARK, FlowMatcher.NO_META, port);
        final long rule = result.matched() ? result.ruleId() : -1;
        if (rule < 0) {
          unmatched++;
        }
        final String key = flowKey(length);
        FlowState state = flows.get(key);
        if (state == null) {
          if (flows.size() >= MAX_FLOWS) {
            untracked++;
            continue;
          }
          state = new FlowState(rule);
          flows.put(key, state);
        }
        state.frames++;
      }
    }
    final long[] hits = new long[rules.size()];
    final long[] bytes = new long[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      hits[i] = matcher.hits(i);
      bytes[i] = matcher.bytes(i);
    }
    final List<Flow> list = new ArrayList<>(flows.size());
    flows.forEach((key, state) -> list.add(new Flow(key, state.frames, state.firstRule)));
    return new Result(frames, unmatched, hits, bytes, list, untracked);
  }

  /** {@code proto src:sport > dst:dport} of the outermost IP header, or the EtherType. */
  private String flowKey(final int length) {
    if (ethernet.wrap(view, 0, length) != WireError.OK) {
      return "malformed ethernet";
    }
    final int type = ethernet.etherType();
    final int l3 = ethernet.payloadOffset();
    final int l3Length = ethernet.payloadLength();
    if (type == 0x0800 && ipv4Readable(ipv4.wrap(view, l3, l3Length))) {
      final int l4 = ipv4.fragmentOffset() == 0 ? ipv4.payloadOffset() : -1;
      return tuple(
          ipv4.protocol(),
          Ipv4Address.toString(ipv4.source()),
          Ipv4Address.toString(ipv4.destination()),
          l4,
          ipv4.payloadOffset() + ipv4.payloadLength());
    }
    if (type == 0x86DD
        && ipv6.wrap(view, l3, l3Length) == WireError.OK
        && ipv6.skipExtensionHeaders() == WireError.OK) {
      return tuple(
          ipv6.upperLayerProtocol(),
          "[" + new Ipv6Address(ipv6.sourceHi(), ipv6.sourceLo()) + "]",
          "[" + new Ipv6Address(ipv6.destinationHi(), ipv6.destinationLo()) + "]",
          ipv6.upperLayerOffset(),
          ipv6.upperLayerOffset() + ipv6.upperLayerLength());
    }
    return String.format("ethertype 0x%04x", type);
  }

  /** Captures often hold bad checksums (checksum offload): the addresses are still good. */
  private static boolean ipv4Readable(final WireError error) {
    return error == WireError.OK
        || error == WireError.BAD_CHECKSUM
        || error == WireError.BAD_OPTION
        || error == WireError.FRAGMENT;
  }

  private String tuple(
      final int protocol, final String src, final String dst, final int l4, final int end) {
    final String name =
        switch (protocol) {
          case 6 -> "tcp";
          case 17 -> "udp";
          case 1 -> "icmp";
          case 58 -> "icmpv6";
          default -> "proto " + protocol;
        };
    int sport = 0;
    int dport = 0;
    if ((protocol == 6 || protocol == 17) && l4 >= 0 && l4 + 4 <= end) {
      sport = view.getShort(l4, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
      dport = view.getShort(l4 + 2, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
    return name + " " + src + ":" + sport + " > " + dst + ":" + dport;
  }
}
