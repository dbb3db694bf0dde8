package io.vstack.scheduler;

import java.util.Arrays;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Tenant bookkeeping shared by the schedulers: dense arrays indexed by a tenant's slot (so a
 * decision touches no objects), an id-to-slot map, and the queue through which other threads add,
 * remove and re-weight tenants. Everything except the command methods runs on the lane thread.
 */
abstract class TenantTable implements TenantScheduler {
  /** Pending control commands; a bounded queue keeps a runaway controller from eating memory. */
  static final int COMMAND_CAPACITY = 4096;

  private enum Op {
    ADD,
    REMOVE,
    WEIGHT,
    CAP
  }

  private record Command(Op op, int tenantId, int weight, long cap) {}

  private final ManyToOneConcurrentArrayQueue<Command> commands =
      new ManyToOneConcurrentArrayQueue<>(COMMAND_CAPACITY);
  private final Int2IntHashMap slots = new Int2IntHashMap(-1);

  int count;
  int[] ids = new int[8];
  int[] weights = new int[8];
  long[] caps = new long[8];
  long[] budgets = new long[8];
  long[] capTokens = new long[8];
  long[] charged = new long[8];
  boolean[] idle = new boolean[8];
  double[] finishes = new double[8];

  /** System virtual time: the virtual start of the latest decision (a new tenant starts here). */
  double virtualTime;

  /** Adds {@code b} to {@code a}, sticking at the long range instead of wrapping. */
  static long saturatingAdd(final long a, final long b) {
    final long sum = a + b;
    // Overflow iff both operands have the same sign and the sum's sign differs.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** Subtracts a non-negative {@code b} without wrapping. */
  static long saturatingSubtract(final long a, final long b) {
    return saturatingAdd(a, -b);
  }

  @Override
  public final void addTenant(final int tenantId, final int weight, final long capCyclesPerSecond) {
    checkTenant(tenantId);
    checkWeight(weight);
    checkCap(capCyclesPerSecond);
    offer(new Command(Op.ADD, tenantId, weight, capCyclesPerSecond));
  }

  @Override
  public final void removeTenant(final int tenantId) {
    checkTenant(tenantId);
    offer(new Command(Op.REMOVE, tenantId, 0, 0));
  }

  @Override
  public final void setWeight(final int tenantId, final int weight) {
    checkTenant(tenantId);
    checkWeight(weight);
    offer(new Command(Op.WEIGHT, tenantId, weight, 0));
  }

  @Override
  public final void setCap(final int tenantId, final long capCyclesPerSecond) {
    checkTenant(tenantId);
    checkCap(capCyclesPerSecond);
    offer(new Command(Op.CAP, tenantId, 0, capCyclesPerSecond));
  }

  private static void checkTenant(final int tenantId) {
    if (tenantId < 0) {
      throw new IllegalArgumentException("tenant id must be non-negative: " + tenantId);
    }
  }

  private static void checkWeight(final int weight) {
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be at least 1: " + weight);
    }
  }

  private static void checkCap(final long cap) {
    if (cap < 0) {
      throw new IllegalArgumentException("cap must be 0 (none) or positive: " + cap);
    }
  }

  private void offer(final Command command) {
    if (!commands.offer(command)) {
      throw new IllegalStateException(
          "scheduler command queue full (" + COMMAND_CAPACITY + "); is the lane running?");
    }
  }

  /** Applies queued commands; called at the top of every decision. Allocates only to grow. */
  final void applyCommands() {
    Command command;
    while ((command = commands.poll()) != null) {
      apply(command);
    }
  }

  private void apply(final Command command) {
    final int slot = slots.get(command.tenantId());
    switch (command.op()) {
      case ADD -> {
        if (slot >= 0) {
          weights[slot] = command.weight();
          caps[slot] = command.cap();
        } else {
          add(command.tenantId(), command.weight(), command.cap());
        }
      }
      case REMOVE -> {
        if (slot >= 0) {
          remove(slot);
        }
      }
      case WEIGHT -> {
        if (slot >= 0) {
          weights[slot] = command.weight();
        }
      }
      case CAP -> {
        if (slot >= 0) {
          caps[slot] = command.cap();
          capTokens[slot] = 0;
        }
      }
    }
  }

  private void add(final int tenantId, final int weight, final long cap) {
    if (count == ids.length) {
      final int length = count * 2;
      ids = Arrays.copyOf(ids, length);
      weights = Arrays.copyOf(weights, length);
      caps = Arrays.copyOf(caps, length);
      budgets = Arrays.copyOf(budgets, length);
      capTokens = Arrays.copyOf(capTokens, length);
      charged = Arrays.copyOf(charged, length);
      idle = Arrays.copyOf(idle, length);
      finishes = Arrays.copyOf(finishes, length);
    }
    final int slot = count++;
    ids[slot] = tenantId;
    weights[slot] = weight;
    caps[slot] = cap;
    budgets[slot] = 0;
    capTokens[slot] = 0;
    charged[slot] = 0;
    idle[slot] = true;
    finishes[slot] = virtualTime;
    slots.put(tenantId, slot);
  }

  private void remove(final int slot) {
    slots.remove(ids[slot]);
    final int last = --count;
    if (slot != last) {
      ids[slot] = ids[last];
      weights[slot] = weights[last];
      caps[slot] = caps[last];
      budgets[slot] = budgets[last];
      capTokens[slot] = capTokens[last];
      charged[slot] = charged[last];
      idle[slot] = idle[last];
      finishes[slot] = finishes[last];
      slots.put(ids[slot], slot);
    }
    onRemoved(slot, last);
  }

  /** Slot {@code last} moved into {@code removed} (or {@code removed} was the last). */
  abstract void onRemoved(int removed, int last);

  /** The slot of a tenant, or -1. */
  final int slotOf(final int tenantId) {
    return slots.get(tenantId);
  }

  @Override
  public void charge(final int tenantId, final long cycles) {
    final int slot = slots.get(tenantId);
    if (slot >= 0 && cycles > 0) {
      chargeSlot(slot, cycles);
    }
  }

  void chargeSlot(final int slot, final long cycles) {
    charged[slot] = saturatingAdd(charged[slot], cycles);
    budgets[slot] = saturatingSubtract(budgets[slot], cycles);
    // Virtual time: every charge, scheduled or not, moves the tenant's virtual finish by cycles /
    // weight (a double: a Long.MAX_VALUE charge stays finite and ordered).
    finishes[slot] += (double) cycles / weights[slot];
    if (caps[slot] > 0) {
      capTokens[slot] = saturatingSubtract(capTokens[slot], cycles);
    }
  }

  @Override
  public long chargedCycles(final int tenantId) {
    final int slot = slots.get(tenantId);
    return slot >= 0 ? charged[slot] : 0;
  }

  @Override
  public int tenantCount() {
    return count;
  }
}
