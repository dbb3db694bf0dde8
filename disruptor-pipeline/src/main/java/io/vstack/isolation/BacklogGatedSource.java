package io.vstack.isolation;

import io.vstack.lane.FrameSource;
import io.vstack.ledger.CounterKind;
import io.vstack.ledger.TenantLedger;
import io.vstack.port.FrameBatch;
import io.vstack.port.ReceivedBuffers;
import io.vstack.rss.FlowKeyExtractor;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A receive queue that a NIC rule dedicates to one tenant (its VNI steered to this queue), polled
 * only while that tenant's lane queue is short. A backlogged tenant's excess then waits, and
 * overflows, in its own NIC queue, where dropping costs the host nothing, instead of being
 * received, classified and dropped (or copied into staging) by the lane in every duty cycle: the
 * other tenants' frames no longer wait behind that pass.
 *
 * <pre>
 *   dispatcher duty cycle:  depth(tenant) &lt; highWater ? source.poll(at most highWater − depth)
 *                                                   : 0 (counted)
 *   with {@link #yieldTo}:  depth(tenant) &gt; 0 and another queue has frames waiting ? 0 (counted)
 * </pre>
 *
 * <p>The depth is the one the lane publishes in the tenant's ledger ({@link
 * CounterKind#QUEUE_DEPTH}, after every group and batch), so the gate may run on the dispatcher's
 * thread while the lane runs on another; it is advisory, and can overshoot by what the dispatcher
 * takes before the lane publishes again. Only for a queue that carries nothing but this tenant's
 * frames: anything else in it would wait for this tenant's backlog.
 */
public final class BacklogGatedSource implements FrameSource {
  private final FrameSource source;
  private final AtomicCounter depth;
  private final long highWater;
  private Arrivals others = Arrivals.NONE;
  private long gatedPolls;
  private long yieldedPolls;

  /**
   * @param source the tenant's receive queue
   * @param tenant the tenant's ledger (its published queue depth)
   * @param highWater the queue is not polled while the tenant has at least this many frames queued
   *     in the lane
   */
  public BacklogGatedSource(
      final FrameSource source, final TenantLedger tenant, final int highWater) {
    if (highWater < 1) {
      throw new IllegalArgumentException("highWater must be positive: " + highWater);
    }
    this.source = source;
    this.depth = tenant.counter(CounterKind.QUEUE_DEPTH);
    this.highWater = highWater;
  }

  @Override
  public int poll(final FrameBatch batch) {
    return mayPoll(batch) ? source.poll(batch) : 0;
  }

  @Override
  public int poll(final FrameBatch batch, final ReceivedBuffers received) {
    return mayPoll(batch) ? source.poll(batch, received) : 0;
  }

  /*
   * Not while the tenant is backlogged (counted); else the batch is limited so the poll tops the
   * tenant's lane queue up to the mark: each poll's classification (and copy of what outlives the
   * batch) is bounded by what the tenant will be served soon.
   */
  private boolean mayPoll(final FrameBatch batch) {
    final long queued = depth.getAcquire();
    if (queued >= highWater) {
      gatedPolls++;
      return false;
    }
    if (queued > 0 && others.waiting()) {
      yieldedPolls++;
      return false;
    }
    batch.limit((int) (highWater - queued));
    return true;
  }

  @Override
  public void release(final ReceivedBuffers received) {
    source.release(received);
  }

  /** False while the tenant is backlogged: its waiting frames are not news to the lane. */
  @Override
  public boolean hasFrames() {
    return depth.getAcquire() < highWater && source.hasFrames();
  }

  @Override
  public long mark(final int index) {
    return source.mark(index);
  }

  @Override
  public FlowKeyExtractor flowKeys() {
    return source.flowKeys();
  }

  /**
   * Skips the poll while this tenant still has frames queued in the lane and another receive queue
   * has frames waiting (control path, before the lanes run). A woken tenant's frames then enter the
   * lane's batch alone and are classified without this tenant's top-up ahead of them; this tenant
   * loses nothing, as its queued frames keep the lane busy for it meanwhile.
   *
   * @param others the other receive queues ({@link Arrivals#of}), never this one
   */
  public BacklogGatedSource yieldTo(final Arrivals others) {
    this.others = others;
    return this;
  }

  /** Polls skipped because the tenant was backlogged (dispatcher thread; for stats and tests). */
  public long gatedPolls() {
    return gatedPolls;
  }

  /** Polls skipped for another queue's waiting frames ({@link #yieldTo}; dispatcher thread). */
  public long yieldedPolls() {
    return yieldedPolls;
  }
}
