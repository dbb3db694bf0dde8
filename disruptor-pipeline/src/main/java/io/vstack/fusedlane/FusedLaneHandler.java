package io.vstack.fusedlane;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.lane.FlowEntries;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.LaneHandlerFactory;
import io.vstack.rss.FlowKey;
import io.vstack.rss.InnerFlowKeys;
import io.vstack.tcp.TcpEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.agrona.concurrent.NanoClock;

/**
 * The fused fast path as a lane's handler: one {@link FusedFastPath} per lane, fed frame by frame
 * from the lane's ring instead of polling a port itself, and flushed once per ring batch.
 *
 * <pre>
 *   ring batch:  onFrame ─► FusedFastPath.onFrame(address, length, markedSlot)  (each frame)
 *                onEndOfBatch ─► pollTimers(now) ─► application ─► flush()      (coalesced ACKs,
 *                                                                                 one tx burst)
 *   duty cycle:  doWork ─► timer interval since the last of these? ─► the same as a batch end
 * </pre>
 *
 * <p>A frame's {@code markedSlot} is the tenant slot its NIC MARK names (the lanes' {@link
 * io.vstack.lane.MarkSlots}, e.g. {@link OverlayFlowKeys#slotOfMark}): the fast path takes the
 * tenant from it instead of looking the VNI up. Without a MARK the VNI decides.
 *
 * <p>Each lane's fast path has its own TCP engines: a connection lives on the lane its flow hashes
 * to (listen on every lane, like one listener per core with SO_REUSEPORT), and the application that
 * reads and writes it must run on that lane's thread: the {@link Application} hook, called at the
 * end of every batch. When a flow's indirection entry moves to another lane (elastic scaling: park,
 * wake), its connections move with it if the handlers share a {@link ConnectionHandoff} ({@link
 * #factory} does that): the old lane detaches them after the entry's last frame there, the new one
 * attaches them before the entry's next frame, and the {@link Application} hands its per-connection
 * state over ({@link Application#onConnectionLeaving}, {@link Application#onConnectionArrived}).
 * Each lane's fast path needs its own transmit {@link io.vstack.port.Port} (a NIC tx queue per
 * lane): ports are driven by one thread at a time.
 *
 * <p>A lane calls its handler's batch end only when frames arrive, but {@link #doWork()} every duty
 * cycle (also when idle; not while parked): when no batch ended for {@code timerIntervalNs}, it
 * runs the timers, the application and the flush as a batch end would, so an idle lane still
 * retransmits and sends its delayed ACKs. One clock read per duty cycle.
 *
 * <p>Frames from sources at or above {@code firstTenantSource} are tenants' transmit queues (inner
 * frames): source {@code firstTenantSource + q} belongs to the tenant in slot {@code
 * queueTenants[q]} and its frames go to {@link FusedFastPath#onTenantFrame} (anti-spoofing, proxy
 * ARP, local delivery or encapsulation). The slot comes from the queue, never from the frame. A
 * tenant source without a slot in {@code queueTenants} is a wiring mistake: its frames are counted
 * ({@link #tenantFramesNotHandled()}) and dropped.
 */
public final class FusedLaneHandler implements LaneHandler {
  /** Application work on the lane's thread: read, write, accept on the lane's engines. */
  @FunctionalInterface
  public interface Application {
    /** Nothing to do. */
    Application NONE = (fastPath, now) -> {};

    /** Called at the end of every batch of the lane, before the flush. */
    void onEndOfBatch(FusedFastPath fastPath, long now);

    /**
     * The connection {@code connection} of the tenant in {@code slot} moves to another lane (its
     * flow's indirection entry moved): forget the id (it becomes invalid here) and return what the
     * application keeps for it, to be given to the other lane's application.
     */
    default Object onConnectionLeaving(
        final FusedFastPath fastPath, final int slot, final int connection) {
      return null;
    }

    /**
     * A connection moved to this lane: {@code connection} is its id in this lane's engine of {@code
     * slot}, {@code state} what the other lane's {@link #onConnectionLeaving} returned. A
     * connection the application had not accepted yet waits in this lane's listener's queue.
     */
    default void onConnectionArrived(
        final FusedFastPath fastPath, final int slot, final int connection, final Object state) {}
  }

  private final FusedFastPath fastPath;
  private final NanoClock clock;
  private final Application application;
  private final int firstTenantSource;
  private final int[] queueTenants;
  private final long timerIntervalNs;
  private long nextTimers;
  private long timerRuns;
  private long tenantFramesNotHandled;
  private final FlowKey flowKey = new FlowKey();
  private ConnectionHandoff handoff;
  private long connectionsMovedOut;
  private long connectionsMovedIn;

  /** How often an idle lane runs its timers by default: 1 ms. */
  public static final long DEFAULT_TIMER_INTERVAL_NS = 1_000_000;

  /**
   * A handler whose sources are all ports, with timers every {@link #DEFAULT_TIMER_INTERVAL_NS}.
   *
   * @param firstTenantSource index of the first lane source that is a tenant transmit queue; {@code
   *     Integer.MAX_VALUE} when every source is a port.
   */
  public FusedLaneHandler(
      final FusedFastPath fastPath,
      final NanoClock clock,
      final Application application,
      final int firstTenantSource) {
    this(fastPath, clock, application, firstTenantSource, new int[0], DEFAULT_TIMER_INTERVAL_NS);
  }

  /**
   * @param queueTenants the tenant slot of each tenant transmit-queue source, in source order from
   *     {@code firstTenantSource} (copied).
   * @param timerIntervalNs the longest an active lane goes without running its timers (idle or
   *     not), positive.
   */
  public FusedLaneHandler(
      final FusedFastPath fastPath,
      final NanoClock clock,
      final Application application,
      final int firstTenantSource,
      final int[] queueTenants,
      final long timerIntervalNs) {
    if (timerIntervalNs <= 0) {
      throw new IllegalArgumentException("timerIntervalNs must be > 0: " + timerIntervalNs);
    }
    this.fastPath = fastPath;
    this.clock = clock;
    this.application = application;
    this.firstTenantSource = firstTenantSource;
    this.queueTenants = queueTenants.clone();
    this.timerIntervalNs = timerIntervalNs;
  }

  /**
   * A factory that builds lane {@code i}'s fast path from {@code contextOfLane.apply(i)} (its own
   * transmit port; registry, VTEPs and settings may be shared: the fast path only reads them).
   *
   * @param queueTenants the tenant slot of each tenant transmit-queue source, from {@code
   *     firstTenantSource} on.
   * @param timerIntervalNs the longest a lane goes without running its timers.
   */
  public static LaneHandlerFactory factory(
      final IntFunction<FastPathContext> contextOfLane,
      final IntFunction<Application> applicationOfLane,
      final int firstTenantSource,
      final int[] queueTenants,
      final long timerIntervalNs) {
    final ConnectionHandoff handoff = new ConnectionHandoff();
    return (lane, slowPath) -> {
      final FastPathContext context = contextOfLane.apply(lane);
      return new FusedLaneHandler(
              new FusedFastPath(context),
              context.clock(),
              applicationOfLane.apply(lane),
              firstTenantSource,
              queueTenants,
              timerIntervalNs)
          .connectionHandoff(handoff);
    };
  }

  @Override
  public void onFrame(
      final long address,
      final int length,
      final int tenant,
      final int markedSlot,
      final int flowHash,
      final int source) {
    if (source >= firstTenantSource) {
      final int queue = source - firstTenantSource;
      if (queue < queueTenants.length) {
        fastPath.onTenantFrame(queueTenants[queue], address, length);
      } else {
        tenantFramesNotHandled++;
      }
      return;
    }
    // The dispatcher's tenant came from the VNI too, but 0 also stands for "no flow": only a NIC
    // MARK spares the fast path its own VNI lookup.
    fastPath.onFrame(address, length, markedSlot < 0 ? FusedFastPath.NO_TENANT : markedSlot);
  }

  @Override
  public void onEndOfBatch() {
    endOfBatch(clock.nanoTime());
  }

  /**
   * Every duty cycle: when no batch ended for the timer interval (an idle lane), timers,
   * application and flush as at the end of a batch.
   *
   * @return timers that fired
   */
  @Override
  public int doWork() {
    final long now = clock.nanoTime();
    if (now - nextTimers < 0) {
      return 0;
    }
    timerRuns++;
    return endOfBatch(now);
  }

  private int endOfBatch(final long now) {
    nextTimers = now + timerIntervalNs;
    final int fired = fastPath.pollTimers(now);
    application.onEndOfBatch(fastPath, now);
    fastPath.flush();
    return fired;
  }

  /** How often {@link #doWork()} ran the timers of an idle lane (lane thread; for tests, stats). */
  public long timerRuns() {
    return timerRuns;
  }

  /**
   * Makes this lane hand its TCP connections over when an indirection entry leaves it and take them
   * when one arrives (shared by every lane's handler). Without it (the default) connections stay on
   * the lane that made them, and a move strands them. Set before the lanes start.
   */
  public FusedLaneHandler connectionHandoff(final ConnectionHandoff handoff) {
    this.handoff = handoff;
    return this;
  }

  /**
   * Detaches every live connection whose flow files under {@code entry} (the key built like {@link
   * OverlayFlowKeys} and {@link io.vstack.txqueue.TenantTxSource} build it: tenant slot and the
   * ordered 4-tuple; both ends of a same-host connection use the lower of their two slots) and
   * leaves it, with the application's state, in the {@link ConnectionHandoff}. The local ring is
   * drained and the segments they emitted so far are flushed first.
   */
  @Override
  public void onEntryLeaving(final int entry, final FlowEntries entries) {
    if (handoff == null) {
      return;
    }
    fastPath.drainLocal();
    fastPath.flush();
    final List<ConnectionHandoff.Moved> leaving = new ArrayList<>();
    for (int slot = 0; slot < fastPath.tenants(); slot++) {
      final TcpEngine engine = fastPath.engine(slot);
      for (int id = 0; id < engine.capacity(); id++) {
        if (!engine.isLive(id)) {
          continue;
        }
        InnerFlowKeys.setEitherDirection(
            flowKey,
            keySlot(slot, engine.remoteAddress(id)),
            engine.localAddress(id),
            engine.remoteAddress(id),
            engine.localPort(id),
            engine.remotePort(id));
        if (entries.entryOf(flowKey) == entry) {
          final Object state = application.onConnectionLeaving(fastPath, slot, id);
          leaving.add(new ConnectionHandoff.Moved(slot, engine.detach(id), state));
        }
      }
    }
    connectionsMovedOut += leaving.size();
    handoff.put(entry, leaving);
  }

  /**
   * The tenant slot in a connection's key: its own, except for a connection to another tenant of
   * this host (through the local ring), whose two ends both use the lower of the two slots. Both
   * ends are on this lane's fast path and the 4-tuple is direction-free, so they file under one
   * entry and move together; their segments never pass the dispatcher, so no frame key has to
   * agree.
   */
  private int keySlot(final int slot, final int remoteAddress) {
    final int peer = fastPath.localTenantOf(slot, remoteAddress);
    return peer == FusedFastPath.NO_TENANT ? slot : Math.min(slot, peer);
  }

  /** Attaches the connections the lane {@code entry} left put in the {@link ConnectionHandoff}. */
  @Override
  public void onEntryArriving(final int entry, final FlowEntries entries) {
    if (handoff == null) {
      return;
    }
    final long now = clock.nanoTime();
    for (final ConnectionHandoff.Moved moved : handoff.take(entry)) {
      final int id = fastPath.engine(moved.slot()).attach(moved.connection(), now);
      if (id >= 0) {
        connectionsMovedIn++;
        application.onConnectionArrived(fastPath, moved.slot(), id, moved.applicationState());
      }
    }
  }

  /** Connections this lane handed over to other lanes. */
  public long connectionsMovedOut() {
    return connectionsMovedOut;
  }

  /** Connections this lane took over from other lanes. */
  public long connectionsMovedIn() {
    return connectionsMovedIn;
  }

  @Override
  public void onClose() {
    fastPath.close();
  }

  /** This lane's fast path (its engines and counters). Use it on the lane's thread only. */
  public FusedFastPath fastPath() {
    return fastPath;
  }

  /** Frames from tenant transmit queues that have no tenant slot (a wiring mistake), dropped. */
  public long tenantFramesNotHandled() {
    return tenantFramesNotHandled;
  }
}
