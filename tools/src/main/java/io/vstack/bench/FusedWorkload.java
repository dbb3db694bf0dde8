package io.vstack.bench;

import static io.vstack.fusedlane.OverlayPair.BLUE;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_A;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_MAC_A;
import static io.vstack.fusedlane.OverlayPair.VIP_A;
import static io.vstack.fusedlane.OverlayPair.VIP_B;
import static io.vstack.fusedlane.OverlayPair.VMAC_A;
import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.fastpath.FusedFastPath;
import io.vstack.fusedlane.FusedLaneHandler;
import io.vstack.fusedlane.MergedPort;
import io.vstack.fusedlane.OverlayFlowKeys;
import io.vstack.fusedlane.OverlayPair;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.LaneHandlerFactory;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.rss.FlowHash;
import io.vstack.rss.FlowKey;
import io.vstack.rss.IndirectionTable;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link #FLOWS} established TCP connections from a peer host into host a, whose fused fast path
 * runs one {@link FusedFastPath} per lane, and a generator of their next data segments.
 *
 * <p>Set-up (not measured): the peer (a real {@link FusedFastPath} on the wire's other end)
 * connects every flow; each SYN is handed to the lane its flow hashes to under {@link #hashSeed()}
 * (the lanes' initial table), so each connection lives in the engine of the lane that will get its
 * segments. Then the peer writes {@link #PAYLOAD} bytes on each connection and its data segments
 * are taken off the wire as templates: VXLAN | inner Ethernet | IPv4 | TCP with timestamps | 12 B =
 * 128 B on the wire, a 64 B inner IPv4 packet. The peer is not driven again.
 *
 * <p>Generator: the template of each flow is sent again and again with the TCP sequence number
 * advanced by {@link #PAYLOAD} and the TCP checksum updated incrementally (RFC 1624), so every
 * segment is the next in-order data of its connection: decap, tenant lookup, anti-spoofing,
 * checksum, TCP receive, payload copied into the receive buffer, ACK (whose transmits go into a
 * per-lane {@link MemoryPort} nobody drains: once full, they are counted drops). Each lane's
 * application reads its connections every {@link #READ_EVERY} batches, so windows stay open. {@link
 * #verify()} checks that every connection's RCV.NXT advanced by exactly what was sent.
 */
final class FusedWorkload implements LaneWorkload {
  static final int FLOWS = 64;
  static final int PAYLOAD = 12;
  static final int READ_EVERY = 8;
  static final int WIRE_LENGTH = 128;

  private static final int SERVER_PORT = 80;
  private static final int CLIENT_PORT = 40_000;
  // outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8, then inner Ethernet 14 + IPv4 20
  private static final int INNER_TCP = 50 + 14 + 20;
  private static final int TCP_SEQUENCE = INNER_TCP + 4;
  private static final int TCP_CHECKSUM = INNER_TCP + 16;

  private final NanoClock clock = SystemNanoClock.INSTANCE;
  private final long seed = ThreadLocalRandom.current().nextLong();
  private final int lanes;
  private final OverlayFlowKeys flowKeys;
  private final FusedFastPath[] fastPaths;
  private final MemoryPort.Pair[] laneTx;
  private final int[] laneOfFlow = new int[FLOWS];
  private final int[] connection = new int[FLOWS];
  private final int[] firstSequence = new int[FLOWS];
  private final int[] nextSequence = new int[FLOWS];
  private final long[] sent = new long[FLOWS];
  private final FrameBatch[] bursts = new FrameBatch[FLOWS / BURST];
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private int nextBurst;

  FusedWorkload(final int lanes, final MemoryPort.Pair wire) {
    this.lanes = lanes;
    final OverlayPair overlay = new OverlayPair();
    this.flowKeys = overlay.flowKeysA();
    this.fastPaths = new FusedFastPath[lanes];
    this.laneTx = new MemoryPort.Pair[lanes];
    final Port[] peerReceives = new Port[lanes];
    final int[] listeners = new int[lanes];
    for (int lane = 0; lane < lanes; lane++) {
      laneTx[lane] = MemoryPort.pair("a-tx" + lane, "b-rx" + lane, 1024, 1514);
      peerReceives[lane] = laneTx[lane].b();
      fastPaths[lane] = overlay.hostA(laneTx[lane].a(), clock);
      listeners[lane] = fastPaths[lane].engine(BLUE).listen(VIP_A, SERVER_PORT, FLOWS);
    }
    try (FusedFastPath peer = overlay.hostB(new MergedPort(wire.a(), peerReceives), clock);
        FrameBatch received = new FrameBatch(64, 2048)) {
      peer.underlayNeighbor(UNDERLAY_A, UNDERLAY_MAC_A);
      peer.innerNeighbor(BLUE, VIP_A, VMAC_A);
      establish(peer, wire.b(), received, listeners);
      takeTemplates(peer, wire.b(), received);
    }
  }

  /** The lane the dispatcher will give this frame: same extractor, seed and initial table. */
  private int laneOf(final FrameBatch batch, final int index, final IndirectionTable table) {
    final FlowKey key = new FlowKey();
    final UnsafeBuffer frame = batch.wrap(index, new UnsafeBuffer(0, 0));
    if (!flowKeys.extract(frame, batch.length(index), key)) {
      key.clear();
    }
    return table.lane(table.entry(FlowHash.hash(seed, key)));
  }

  private void establish(
      final FusedFastPath peer,
      final MemoryPort host,
      final FrameBatch received,
      final int[] listeners) {
    final IndirectionTable table = new IndirectionTable(IndirectionTable.DEFAULT_SIZE, lanes);
    final TcpEngine client = peer.engine(BLUE);
    final int[] ids = new int[FLOWS];
    for (int f = 0; f < FLOWS; f++) {
      ids[f] = client.connect(VIP_B, CLIENT_PORT + f, VIP_A, SERVER_PORT, clock.nanoTime());
      if (ids[f] < 0) {
        throw new IllegalStateException("peer could not connect flow " + f);
      }
    }
    int accepted = 0;
    for (int round = 0; round < 100_000; round++) {
      peer.doWork();
      received.clear();
      host.receive(received);
      for (int i = 0; i < received.size(); i++) {
        fastPaths[laneOf(received, i, table)].onFrame(
            received.address(i), received.length(i), FusedFastPath.NO_TENANT);
      }
      for (int lane = 0; lane < lanes; lane++) {
        fastPaths[lane].pollTimers(clock.nanoTime());
        while (fastPaths[lane].engine(BLUE).accept(listeners[lane]) >= 0) {
          accepted++;
        }
        fastPaths[lane].flush();
      }
      if (accepted == FLOWS && allEstablished(client, ids) && round > 100) {
        break;
      }
    }
    if (accepted != FLOWS || !allEstablished(client, ids)) {
      throw new IllegalStateException("set-up: " + accepted + " of " + FLOWS + " connections");
    }
    for (int f = 0; f < FLOWS; f++) {
      boolean found = false;
      for (int lane = 0; lane < lanes && !found; lane++) {
        final int id =
            fastPaths[lane].engine(BLUE).lookup(VIP_A, SERVER_PORT, VIP_B, CLIENT_PORT + f);
        if (id >= 0) {
          laneOfFlow[f] = lane;
          connection[f] = id;
          found = true;
        }
      }
      if (!found) {
        throw new IllegalStateException("set-up: flow " + f + " has no connection on any lane");
      }
    }
    final byte[] payload = new byte[PAYLOAD];
    for (int f = 0; f < FLOWS; f++) {
      client.write(ids[f], new UnsafeBuffer(payload), 0, PAYLOAD, clock.nanoTime());
    }
  }

  private static boolean allEstablished(final TcpEngine client, final int[] ids) {
    for (final int id : ids) {
      if (client.state(id) != TcpState.ESTABLISHED) {
        return false;
      }
    }
    return true;
  }

  private void takeTemplates(
      final FusedFastPath peer, final MemoryPort host, final FrameBatch received) {
    peer.flush();
    for (int k = 0; k < bursts.length; k++) {
      bursts[k] = new FrameBatch(BURST, 256);
    }
    final UnsafeBuffer from = new UnsafeBuffer(0, 0);
    int templates = 0;
    for (int round = 0; round < 1000 && templates < FLOWS; round++) {
      received.clear();
      host.receive(received);
      for (int i = 0; i < received.size(); i++) {
        received.wrap(i, from);
        final int f = (from.getShort(INNER_TCP, BIG_ENDIAN) & 0xFFFF) - CLIENT_PORT;
        if (received.length(i) != WIRE_LENGTH || f < 0 || f >= FLOWS) {
          continue; // not a data segment (a late pure ACK): the lanes can do without it
        }
        final FrameBatch burst = bursts[f / BURST];
        final int slot = burst.add(from, 0, WIRE_LENGTH);
        if (slot != f % BURST) {
          throw new IllegalStateException("set-up: segments out of flow order");
        }
        firstSequence[f] = from.getInt(TCP_SEQUENCE, BIG_ENDIAN);
        nextSequence[f] = firstSequence[f];
        templates++;
      }
      peer.flush();
    }
    if (templates != FLOWS) {
      throw new IllegalStateException("set-up: " + templates + " of " + FLOWS + " templates");
    }
    for (int f = 0; f < FLOWS; f++) {
      final int expected = fastPaths[laneOfFlow[f]].engine(BLUE).rcvNxt(connection[f]);
      if (expected != firstSequence[f]) {
        throw new IllegalStateException("set-up: flow " + f + " expects another sequence");
      }
    }
  }

  @Override
  public FrameBatch nextBurst() {
    final int k = nextBurst;
    nextBurst = k + 1 == bursts.length ? 0 : k + 1;
    final FrameBatch burst = bursts[k];
    final UnsafeBuffer frame = view;
    for (int slot = 0; slot < BURST; slot++) {
      final int f = k * BURST + slot;
      burst.wrap(slot, frame);
      final int old = frame.getInt(TCP_SEQUENCE, BIG_ENDIAN);
      final int now = nextSequence[f];
      frame.putInt(TCP_SEQUENCE, now, BIG_ENDIAN);
      frame.putShort(
          TCP_CHECKSUM,
          (short) adjustChecksum(frame.getShort(TCP_CHECKSUM, BIG_ENDIAN) & 0xFFFF, old, now),
          BIG_ENDIAN);
      nextSequence[f] = now + PAYLOAD;
      sent[f]++;
    }
    return burst;
  }

  /** RFC 1624 eqn. 3: the checksum after a 32-bit field changed from {@code old} to {@code now}. */
  static int adjustChecksum(final int checksum, final int old, final int now) {
    int sum =
        (~checksum & 0xFFFF)
            + (~(old >>> 16) & 0xFFFF)
            + (~old & 0xFFFF)
            + (now >>> 16)
            + (now & 0xFFFF);
    sum = (sum & 0xFFFF) + (sum >>> 16);
    sum = (sum & 0xFFFF) + (sum >>> 16);
    return ~sum & 0xFFFF;
  }

  @Override
  public OverlayFlowKeys flowKeys() {
    return flowKeys;
  }

  @Override
  public long hashSeed() {
    return seed;
  }

  @Override
  public LaneHandlerFactory handlers() {
    return (lane, slowPath) -> handler(lane);
  }

  @Override
  public LaneHandler handler() {
    if (lanes != 1) {
      throw new IllegalStateException("a single consumer needs a workload made for 1 lane");
    }
    return handler(0);
  }

  private LaneHandler handler(final int lane) {
    int count = 0;
    for (int f = 0; f < FLOWS; f++) {
      count += laneOfFlow[f] == lane ? 1 : 0;
    }
    final int[] ids = new int[count];
    for (int f = 0, i = 0; f < FLOWS; f++) {
      if (laneOfFlow[f] == lane) {
        ids[i++] = connection[f];
      }
    }
    final UnsafeBuffer into = new UnsafeBuffer(new byte[64 * 1024]);
    final int[] batches = {0};
    final FusedLaneHandler.Application reader =
        (fastPath, now) -> {
          if (++batches[0] % READ_EVERY == 0) {
            final TcpEngine engine = fastPath.engine(BLUE);
            for (final int id : ids) {
              while (engine.read(id, into, 0, into.capacity(), now) > 0) {
                // discard: the application's share of the work is the read itself
              }
            }
          }
        };
    return new FusedLaneHandler(fastPaths[lane], clock, reader, Integer.MAX_VALUE);
  }

  /** Connections per lane, e.g. {@code [30, 34]}. */
  int[] flowsPerLane() {
    final int[] counts = new int[lanes];
    for (final int lane : laneOfFlow) {
      counts[lane]++;
    }
    return counts;
  }

  @Override
  public void verify() {
    for (int f = 0; f < FLOWS; f++) {
      final long advanced =
          (fastPaths[laneOfFlow[f]].engine(BLUE).rcvNxt(connection[f]) - firstSequence[f])
              & 0xFFFF_FFFFL;
      if (advanced != (sent[f] * PAYLOAD & 0xFFFF_FFFFL)) {
        throw new IllegalStateException(
            "flow "
                + f
                + ": RCV.NXT advanced "
                + advanced
                + " bytes but "
                + sent[f] * PAYLOAD
                + " were sent in order");
      }
    }
  }

  @Override
  public void close() {
    for (final FrameBatch burst : bursts) {
      if (burst != null) {
        burst.close();
      }
    }
    for (int lane = 0; lane < lanes; lane++) {
      fastPaths[lane].close(); // idempotent: Lanes may have closed it already
      laneTx[lane].close();
    }
  }
}
