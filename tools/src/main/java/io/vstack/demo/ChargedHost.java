package io.vstack.demo;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.meter.CycleMeter;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.tcp.TcpEngine;

/**
 * The shared stack of the demo's local host, driven the way DESIGN.md describes a lane: each
 * receive burst is grouped by tenant (from the outer VNI), and the clock is read around each
 * tenant's group so the tenant is charged the cycles its packets cost. A tenant's socket calls are
 * charged to it the same way, and so is the transmit burst they cause (flushed at the end of the
 * tenant's turn, local deliveries included), and its engine's timers. Frames that belong to no
 * tenant (underlay ARP, unknown VNIs) are charged to the stack's own row, {@link #stackRow()}. A
 * turn that did no work (idle polling) is charged to nobody. Drops are attributed to the row whose
 * work was running when they were counted ({@link DropTally}).
 */
final class ChargedHost implements AutoCloseable {
  /** A tenant application running on the stack's thread: one step of its work. */
  @FunctionalInterface
  interface App {
    /** Does what it can now; returns the work done (0 when idle). */
    int step(long now);
  }

  private final FusedFastPath fastPath;
  private final Port port;
  private final CycleMeter meter;
  private final long[] cycles;
  private final DropTally drops;
  private final FrameBatch rx = new FrameBatch();
  private final int[] slotOf = new int[rx.capacity()];
  private final App[] engineTimers;
  private int dutyCycles;

  ChargedHost(final FastPathContext context, final CycleMeter meter) {
    this.fastPath = new FusedFastPath(context);
    this.port = context.port();
    this.meter = meter;
    this.cycles = new long[fastPath.tenants() + 1];
    this.drops = new DropTally(fastPath.counters(), cycles.length);
    this.engineTimers = new App[fastPath.tenants()];
    for (int slot = 0; slot < engineTimers.length; slot++) {
      final TcpEngine engine = fastPath.engine(slot);
      engineTimers[slot] = engine::poll;
    }
  }

  FusedFastPath fastPath() {
    return fastPath;
  }

  Port port() {
    return port;
  }

  /** The row of work that is no tenant's: timers, underlay ARP, frames of unknown VNIs. */
  int stackRow() {
    return fastPath.tenants();
  }

  /**
   * The tenant that takes the {@code k}-th turn of this duty cycle: the order rotates every cycle
   * so no tenant always goes first (and pays for cold caches).
   */
  int turn(final int k) {
    return (k + dutyCycles) % fastPath.tenants();
  }

  /**
   * Starts a duty cycle with one receive burst, processed tenant by tenant (then the frames of no
   * tenant); returns the frames received.
   */
  int receive() {
    dutyCycles++;
    rx.clear();
    final int received = port.receive(rx);
    for (int i = 0; i < received; i++) {
      slotOf[i] = fastPath.tenantOf(rx.address(i), rx.length(i));
    }
    for (int k = 0; k < cycles.length; k++) {
      final int row = k == stackRow() ? k : turn(k);
      final int slot = row == stackRow() ? FusedFastPath.NO_TENANT : row;
      long start = -1;
      for (int i = 0; i < received; i++) {
        if (slotOf[i] == slot) {
          start = start < 0 ? meter.start() : start;
          fastPath.onFrame(rx.address(i), rx.length(i), FusedFastPath.NO_TENANT);
        }
      }
      if (start >= 0) {
        fastPath.flush();
        charge(row, start, 1);
      }
    }
    return received;
  }

  /** One turn of a tenant's application, charged to the tenant. */
  int run(final int slot, final App app, final long now) {
    final long start = meter.start();
    final int work = app.step(now);
    fastPath.flush();
    charge(slot, start, work);
    return work;
  }

  /**
   * Runs each tenant engine's timers (retransmissions, delayed ACKs) charged to the tenant, then
   * the stack's own (neighbour caches; the engines have nothing left to fire).
   */
  int timers(final long now) {
    int work = 0;
    for (int k = 0; k < fastPath.tenants(); k++) {
      work += run(turn(k), engineTimers[turn(k)], now);
    }
    final long start = meter.start();
    final int stackWork = fastPath.pollTimers(now);
    fastPath.flush();
    charge(stackRow(), start, stackWork);
    return work + stackWork;
  }

  // Idle polling (a turn that did no work) is charged to nobody; drops are always attributed.
  private void charge(final int row, final long start, final int work) {
    final long elapsed = meter.elapsed(start);
    cycles[row] += work > 0 ? elapsed : 0;
    drops.charge(row);
  }

  TcpEngine engine(final int slot) {
    return fastPath.engine(slot);
  }

  long cycles(final int row) {
    return cycles[row];
  }

  DropTally drops() {
    return drops;
  }

  CycleMeter meter() {
    return meter;
  }

  @Override
  public void close() {
    rx.close();
    fastPath.close();
  }
}
