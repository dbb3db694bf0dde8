package io.vstack.lane;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.rss.FlowHash;
import io.vstack.rss.FlowKey;
import io.vstack.rss.FlowKeyExtractor;
import io.vstack.rss.IndirectionTable;
import io.vstack.rss.RetaProgrammer;
import io.vstack.scaling.ScalableLanes;
import java.util.Arrays;
import java.util.function.Consumer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Software RSS and the single producer of every lane's ring: polls the {@link FrameSource}s into
 * {@link FramePool} batches, hashes each frame's (tenant, 4-tuple), looks the lane up in the {@link
 * IndirectionTable} and publishes a descriptor of the frame into that lane's ring ({@code
 * hasAvailableCapacity} + {@code tryNext}: never blocks). When a lane's ring is full the dispatcher
 * stops where it is and retries next duty cycle, so the source (the NIC queue) absorbs the burst.
 *
 * <h2>Moving an entry without loss or reordering (drain-then-switch)</h2>
 *
 * <ol>
 *   <li>{@code move(entry, to)}: mark the entry migrating and publish an "entry leaving" marker
 *       into the old lane's ring (when it has room); its sequence {@code D} comes after the last
 *       frame of the entry ever published to that lane. The table still names the old lane.
 *   <li>While migrating, a frame that hashes to the entry is not published: the dispatcher stops at
 *       it and keeps it, with the rest of its batch, for later (the batch is the buffer; the source
 *       keeps queueing behind it). Frames before it went out in order.
 *   <li>Once the old lane's consumer sequence reaches {@code D}, it has handled every frame of the
 *       entry it will ever get and its handler has handed the entry's per-flow state over ({@link
 *       LaneHandler#onEntryLeaving}): an "entry arriving" marker goes into the new lane's ring
 *       ({@link LaneHandler#onEntryArriving}), the table entry switches to the new lane and
 *       dispatching resumes, the held frame first.
 * </ol>
 *
 * The old lane's sequence is written after its handler ran (release) and read here (acquire), and
 * the new lane reads the frame after this thread published it, so the new lane also sees all
 * per-flow state the old one wrote. The stall lasts as long as the old lane needs to drain its ring
 * (microseconds when it keeps up); parking a lane moves all its entries at once and parks it when
 * it owns none and is drained.
 *
 * <p>All of this runs on the dispatcher's thread; other threads ask for changes through {@link
 * #submit}, which runs them when no move is in progress.
 *
 * <p>A source may bring its own {@link FlowKeyExtractor} ({@link FrameSource#flowKeys()}: a
 * tenant's transmit queue knows its tenant and carries inner frames); the others use the lanes'
 * extractor. After a duty cycle in which entries switched lanes, the {@link RetaProgrammer} makes
 * the NIC's redirection table follow (a NIC failure is counted and logged; the software table has
 * moved).
 *
 * <p>With {@link MarkSlots} other than {@link MarkSlots#NONE}, the dispatcher reads each frame's
 * NIC MARK ({@link FrameSource#mark}) as it publishes it and passes the tenant slot it names to the
 * handler; a MARK that names no tenant is counted ("marks of no tenant") and passed as {@link
 * MarkSlots#NO_SLOT}, so the handler classifies the frame itself. A source's MARKs are valid until
 * its next poll; a batch is dispatched completely (across duty cycles when it stalls) before any
 * source is polled again, so every MARK is read in time.
 *
 * <p>Sources are polled through {@link FrameSource#poll(FrameBatch,
 * io.vstack.port.ReceivedBuffers)} with the pool batch's buffer set: a zero-copy source (a DPDK
 * port) hands over the buffers its frames point into instead of freeing them at its next poll, and
 * the {@link FramePool} gives them back when the lanes are done with the batch, on the lane thread
 * that finished it.
 */
final class Dispatcher implements Agent, ScalableLanes {
  /** {@code drainSequence} of an entry that is not moving (ring sequences start at -1). */
  private static final long NOT_MOVING = Long.MIN_VALUE;

  /** {@code drainSequence} of a moving entry whose leaving marker is not published yet. */
  private static final long MARK_PENDING = Long.MIN_VALUE + 1;

  /** {@code claimed} of a lane with nothing claimed and unpublished. */
  private static final long NOTHING_CLAIMED = Long.MIN_VALUE;

  private final FrameSource[] sources;
  private final FramePool pool;
  private final Lane[] lanes;
  private final IndirectionTable table;
  private final FlowKeyExtractor[] extractors;
  private final RetaProgrammer reta;
  private final MarkSlots markSlots;
  private final boolean readMarks;
  private final ErrorHandler errorHandler;
  private final AtomicCounter retaFailures;
  private final long seed;
  private final FlowKey key = new FlowKey();
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private final long[] drainSequence;
  private final int[] moveTo;
  private final boolean[] parkPending;
  private final long[] claimed;
  private final int[] toPublish;
  private int toPublishCount;
  private final ManyToOneConcurrentArrayQueue<Consumer<Dispatcher>> commands =
      new ManyToOneConcurrentArrayQueue<>(64);
  private final AtomicCounter dispatched;
  private final AtomicCounter ringFullStalls;
  private final AtomicCounter migrationStalls;
  private final AtomicCounter migrations;
  private final AtomicCounter poolExhausted;
  private final AtomicCounter markedFrames;
  private final AtomicCounter marksOfNoTenant;
  private int migrating;
  private int parking;
  private int pendingBatch = -1;
  private int pendingIndex;
  private int pendingSource;
  private int nextSource;
  private volatile boolean accepting = true;
  private volatile boolean quiesced;

  Dispatcher(
      final FrameSource[] sources,
      final FramePool pool,
      final Lane[] lanes,
      final IndirectionTable table,
      final FlowKeyExtractor extractor,
      final RetaProgrammer reta,
      final MarkSlots markSlots,
      final ErrorHandler errorHandler,
      final long seed,
      final AtomicCounter dispatched,
      final AtomicCounter ringFullStalls,
      final AtomicCounter migrationStalls,
      final AtomicCounter migrations,
      final AtomicCounter poolExhausted,
      final AtomicCounter retaFailures,
      final AtomicCounter markedFrames,
      final AtomicCounter marksOfNoTenant) {
    this.sources = sources;
    this.pool = pool;
    this.lanes = lanes;
    this.table = table;
    this.extractors = new FlowKeyExtractor[sources.length];
    for (int i = 0; i < sources.length; i++) {
      final FlowKeyExtractor own = sources[i].flowKeys();
      extractors[i] = own != null ? own : extractor;
    }
    this.reta = reta;
    this.markSlots = markSlots;
    this.readMarks = markSlots != MarkSlots.NONE;
    this.errorHandler = errorHandler;
    this.retaFailures = retaFailures;
    this.seed = seed;
    this.drainSequence = new long[table.size()];
    Arrays.fill(drainSequence, NOT_MOVING);
    this.moveTo = new int[table.size()];
    this.parkPending = new boolean[lanes.length];
    this.claimed = new long[lanes.length];
    Arrays.fill(claimed, NOTHING_CLAIMED);
    this.toPublish = new int[lanes.length];
    this.dispatched = dispatched;
    this.ringFullStalls = ringFullStalls;
    this.migrationStalls = migrationStalls;
    this.migrations = migrations;
    this.poolExhausted = poolExhausted;
    this.markedFrames = markedFrames;
    this.marksOfNoTenant = marksOfNoTenant;
  }

  @Override
  public void onStart() {
    programReta();
  }

  @Override
  public int doWork() {
    int work = runCommand();
    work += advanceMigrations();
    if (pendingBatch >= 0) {
      work += dispatchPending();
      if (pendingBatch >= 0) {
        return work;
      }
    }
    if (!accepting) {
      if (migrating == 0 && parking == 0) {
        quiesced = true;
      }
      return work;
    }
    for (int i = 0; i < sources.length; i++) {
      final int source = nextSource;
      nextSource = source + 1 == sources.length ? 0 : source + 1;
      final int batchId = pool.acquire();
      if (batchId < 0) {
        poolExhausted.incrementRelease();
        break;
      }
      final FrameBatch batch = pool.batch(batchId);
      final FrameSource from = sources[source];
      if (from.poll(batch, pool.received(batchId)) == 0 || batch.isEmpty()) {
        pool.discard(batchId, from);
        continue;
      }
      pool.hold(batchId, batch.size(), from);
      pendingBatch = batchId;
      pendingIndex = 0;
      pendingSource = source;
      work += dispatchPending();
      if (pendingBatch >= 0) {
        break;
      }
    }
    return work;
  }

  private int dispatchPending() {
    final FrameBatch batch = pool.batch(pendingBatch);
    final FlowKeyExtractor extractor = extractors[pendingSource];
    final FrameSource source = sources[pendingSource];
    final int size = batch.size();
    final int first = pendingIndex;
    int marked = 0;
    int unmapped = 0;
    while (pendingIndex < size) {
      final long address = batch.address(pendingIndex);
      final int length = batch.length(pendingIndex);
      view.wrap(address, length);
      if (!extractor.extract(view, length, key)) {
        key.clear();
      }
      final int hash = FlowHash.hash(seed, key);
      final int entry = table.entry(hash);
      if (drainSequence[entry] != NOT_MOVING) {
        migrationStalls.incrementRelease();
        break;
      }
      final int lane = table.lane(entry);
      final RingBuffer<FrameEvent> ring = lanes[lane].ring();
      if (!ring.hasAvailableCapacity(1)) {
        ringFullStalls.incrementRelease();
        break;
      }
      final long sequence;
      try {
        sequence = ring.tryNext();
      } catch (final InsufficientCapacityException e) {
        // cannot happen after hasAvailableCapacity with a single producer; stall like a full ring
        ringFullStalls.incrementRelease();
        break;
      }
      int markedSlot = MarkSlots.NO_SLOT;
      if (readMarks) {
        final long mark = source.mark(pendingIndex);
        if (mark != Port.NO_MARK) {
          markedSlot = markSlots.slotOf(mark);
          if (markedSlot < 0) {
            markedSlot = MarkSlots.NO_SLOT;
            unmapped++;
          } else {
            marked++;
          }
        }
      }
      ring.get(sequence)
          .set(address, length, key.tenant(), markedSlot, hash, pendingSource, pendingBatch);
      if (claimed[lane] == NOTHING_CLAIMED) {
        toPublish[toPublishCount++] = lane;
      }
      claimed[lane] = sequence;
      pendingIndex++;
    }
    publishClaimed();
    if (pendingIndex == size) {
      pendingBatch = -1;
    }
    final int published = pendingIndex - first;
    if (published > 0) {
      dispatched.getAndAddRelease(published);
    }
    if (marked > 0) {
      markedFrames.getAndAddRelease(marked);
    }
    if (unmapped > 0) {
      marksOfNoTenant.getAndAddRelease(unmapped);
    }
    return published;
  }

  /**
   * Publishes, per lane, everything claimed in this pass with one cursor write: with a single
   * producer, publishing sequence {@code n} makes every claimed sequence up to {@code n} visible,
   * so the lane sees the whole run at once and the cursor's cache line moves once per batch, not
   * once per frame.
   */
  private void publishClaimed() {
    for (int i = 0; i < toPublishCount; i++) {
      final int lane = toPublish[i];
      lanes[lane].ring().publish(claimed[lane]);
      claimed[lane] = NOTHING_CLAIMED;
    }
    toPublishCount = 0;
  }

  private int runCommand() {
    if (!isSettled()) {
      return 0;
    }
    final Consumer<Dispatcher> command = commands.poll();
    if (command == null) {
      return 0;
    }
    command.accept(this);
    return 1;
  }

  private int advanceMigrations() {
    int work = 0;
    if (migrating > 0) {
      for (int entry = 0; entry < drainSequence.length; entry++) {
        final long drainTo = drainSequence[entry];
        if (drainTo == NOT_MOVING) {
          continue;
        }
        if (drainTo == MARK_PENDING) {
          final long marker = publishMarker(table.lane(entry), FrameEvent.ENTRY_LEAVING, entry);
          if (marker != NOTHING_CLAIMED) {
            drainSequence[entry] = marker;
          }
          continue;
        }
        if (lanes[table.lane(entry)].consumedSequence() >= drainTo
            && publishMarker(moveTo[entry], FrameEvent.ENTRY_ARRIVING, entry) != NOTHING_CLAIMED) {
          table.assign(entry, moveTo[entry]);
          drainSequence[entry] = NOT_MOVING;
          migrating--;
          migrations.incrementRelease();
          work++;
        }
      }
      if (work > 0) {
        programReta();
      }
    }
    if (parking > 0) {
      for (int lane = 0; lane < lanes.length; lane++) {
        if (parkPending[lane] && table.entriesOf(lane) == 0 && lanes[lane].isDrained()) {
          lanes[lane].park();
          parkPending[lane] = false;
          parking--;
          work++;
        }
      }
    }
    return work;
  }

  /**
   * Publishes a marker of {@code kind} for {@code entry} into {@code lane}'s ring (nothing is
   * claimed between duty cycles, so it goes out alone).
   *
   * @return its sequence, or {@link #NOTHING_CLAIMED} when the ring is full (counted; retried)
   */
  private long publishMarker(final int lane, final int kind, final int entry) {
    final RingBuffer<FrameEvent> ring = lanes[lane].ring();
    if (!ring.hasAvailableCapacity(1)) {
      ringFullStalls.incrementRelease();
      return NOTHING_CLAIMED;
    }
    final long sequence;
    try {
      sequence = ring.tryNext();
    } catch (final InsufficientCapacityException e) {
      ringFullStalls.incrementRelease();
      return NOTHING_CLAIMED;
    }
    ring.get(sequence).marker(kind, entry);
    ring.publish(sequence);
    return sequence;
  }

  /** Makes the NIC's table follow the software one; a refusal is counted and logged, not thrown. */
  private void programReta() {
    try {
      reta.program(table.snapshot());
    } catch (final RuntimeException e) {
      retaFailures.incrementRelease();
      errorHandler.onError(e);
    }
  }

  /** Starts moving {@code entry} to lane {@code to}; see the class comment. */
  void move(final int entry, final int to) {
    if (drainSequence[entry] != NOT_MOVING || table.lane(entry) == to) {
      return;
    }
    drainSequence[entry] = MARK_PENDING;
    moveTo[entry] = to;
    migrating++;
  }

  /** Runs {@code command} on the dispatcher's thread once no move is in progress. */
  boolean submit(final Consumer<Dispatcher> command) {
    return commands.offer(command);
  }

  /** Stops taking frames from the sources; frames already taken are still dispatched. */
  void stopAccepting() {
    accepting = false;
  }

  /** True after {@link #stopAccepting()} once every frame taken has been published. */
  boolean isQuiesced() {
    return quiesced;
  }

  @Override
  public int laneCount() {
    return lanes.length;
  }

  @Override
  public boolean isActive(final int lane) {
    return !lanes[lane].isParked() && !parkPending[lane];
  }

  @Override
  public long busyNanos(final int lane) {
    return lanes[lane].busyNanos();
  }

  @Override
  public boolean isSettled() {
    return migrating == 0 && parking == 0;
  }

  /** Wakes {@code lane} and moves entries to it until it owns its fair share. */
  @Override
  public void wake(final int lane) {
    if (isActive(lane)) {
      return;
    }
    lanes[lane].wake();
    final int[] owned = new int[lanes.length];
    int active = 0;
    for (int l = 0; l < lanes.length; l++) {
      if (isActive(l)) {
        owned[l] = table.entriesOf(l);
        active++;
      }
    }
    final int share = table.size() / active;
    int entry = 0;
    while (owned[lane] < share) {
      int donor = -1;
      for (int l = 0; l < lanes.length; l++) {
        if (l != lane && isActive(l) && (donor < 0 || owned[l] > owned[donor])) {
          donor = l;
        }
      }
      if (donor < 0 || owned[donor] <= share) {
        break;
      }
      while (table.lane(entry) != donor || drainSequence[entry] != NOT_MOVING) {
        entry = (entry + 1) % table.size();
      }
      move(entry, lane);
      owned[donor]--;
      owned[lane]++;
    }
  }

  /** Moves every entry of {@code lane} to the least loaded active lanes, then parks it. */
  @Override
  public void park(final int lane) {
    if (!isActive(lane)) {
      return;
    }
    final int[] owned = new int[lanes.length];
    int others = 0;
    for (int l = 0; l < lanes.length; l++) {
      if (l != lane && isActive(l)) {
        owned[l] = table.entriesOf(l);
        others++;
      }
    }
    if (others == 0) {
      return;
    }
    parkPending[lane] = true;
    parking++;
    for (int entry = 0; entry < table.size(); entry++) {
      if (table.lane(entry) == lane) {
        int target = -1;
        for (int l = 0; l < lanes.length; l++) {
          if (isActive(l) && (target < 0 || owned[l] < owned[target])) {
            target = l;
          }
        }
        move(entry, target);
        owned[target]++;
      }
    }
  }

  int[] tableSnapshot() {
    return table.snapshot();
  }

  @Override
  public String roleName() {
    return "vstack-dispatcher";
  }
}
