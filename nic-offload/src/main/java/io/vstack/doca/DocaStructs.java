package io.vstack.doca;

import java.lang.foreign.MemorySegment;

/**
 * Fills DOCA Flow's public structs for the tenant steering recipe (DOCA-NOTES.md 1b) at the offsets
 * of a {@link DocaLayout}. Structs are expected zeroed ({@code Arena.allocate} does), as DOCA's
 * samples {@code memset} them.
 */
final class DocaStructs {
  /** All ones in a pipe's match: "changeable", the entry supplies the value. */
  static final long CHANGEABLE_32 = 0xFFFF_FFFFL;

  private DocaStructs() {}

  /** Pipe match: outer IPv4 / UDP to {@code udpPort} / VXLAN with a per-entry VNI. */
  static void pipeMatch(final DocaLayout layout, final MemorySegment match, final int udpPort) {
    layout.put(match, "MATCH_OUTER_L3_META", layout.value("L3_META_IPV4"));
    layout.put(match, "MATCH_OUTER_L4_META", layout.value("L4_META_UDP"));
    layout.put(match, "MATCH_OUTER_L3_TYPE", layout.value("L3_TYPE_IP4"));
    layout.put(match, "MATCH_OUTER_L4_TYPE_EXT", layout.value("L4_TYPE_EXT_UDP"));
    layout.putBigEndian(match, "MATCH_OUTER_UDP_DST_PORT", udpPort);
    layout.put(match, "MATCH_TUN_TYPE", layout.value("TUN_VXLAN"));
    layout.put(match, "MATCH_TUN_VXLAN_TYPE", layout.value("TUN_EXT_VXLAN_STANDARD"));
    layout.put(match, "MATCH_TUN_VXLAN_TUN_ID", CHANGEABLE_32);
  }

  /** Entry match: the VNI in the top 24 bits, big endian (the samples' {@code BUILD_VNI}). */
  static void entryMatch(final DocaLayout layout, final MemorySegment match, final int vni) {
    layout.putBigEndian(match, "MATCH_TUN_VXLAN_TUN_ID", ((long) vni << 8) & CHANGEABLE_32);
  }

  /** Pipe actions: {@code meta.pkt_meta} changeable (DOCA 3.1+ has no MARK in meta). */
  static void pipeActions(final DocaLayout layout, final MemorySegment actions) {
    layout.put(actions, "ACTIONS_PKT_META", CHANGEABLE_32);
  }

  /** Entry actions: {@code pkt_meta = htonl(tenantId)}. */
  static void entryActions(final DocaLayout layout, final MemorySegment actions, final int tenant) {
    layout.putBigEndian(actions, "ACTIONS_PKT_META", tenant & CHANGEABLE_32);
  }

  /** A per-entry counter on the pipe. */
  static void counterMonitor(final DocaLayout layout, final MemorySegment monitor) {
    layout.put(monitor, "MONITOR_COUNTER_TYPE", layout.value("RESOURCE_NON_SHARED"));
  }

  /** Forward of a given type without parameters (drop, changeable). */
  static void forward(final DocaLayout layout, final MemorySegment fwd, final String type) {
    layout.put(fwd, "FWD_TYPE", layout.value(type));
  }

  /** RSS forward over {@code queues} (a {@code uint16_t} array of DPDK rx queue ids). */
  static void rssForward(
      final DocaLayout layout, final MemorySegment fwd, final MemorySegment queues, final int n) {
    layout.put(fwd, "FWD_TYPE", layout.value("FWD_RSS"));
    layout.put(fwd, "FWD_RSS_TYPE", layout.value("RESOURCE_NON_SHARED"));
    layout.put(fwd, "FWD_RSS_OUTER_FLAGS", layout.value("RSS_IPV4") | layout.value("RSS_UDP"));
    layout.put(fwd, "FWD_RSS_QUEUES", queues.address());
    layout.put(fwd, "FWD_RSS_NR_QUEUES", n);
  }
}
