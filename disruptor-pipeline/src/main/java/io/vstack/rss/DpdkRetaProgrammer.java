package io.vstack.rss;

import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.EthDevInfo;
import java.util.Arrays;

/**
 * Programs a DPDK port's RSS redirection table from the software {@link IndirectionTable}: each
 * lane owns one rx queue of the port ({@code queueOfLane[lane]}), and NIC reta entry {@code i} gets
 * the queue of the lane that owns software entry {@code i mod tableSize}.
 *
 * <pre>
 *   software table (size 4):  lane [0] [1] [1] [0]
 *   queueOfLane = {3, 5}
 *   NIC reta (size 8):       queue [3] [5] [5] [3] [3] [5] [5] [3]
 * </pre>
 *
 * <p>The NIC hashes with its own (Toeplitz) function, not the seeded software hash, so a flow's NIC
 * entry is not its software entry: what matches is each lane's share of the NIC's buckets, and that
 * a lane owning no entries gets no queue traffic. The NIC table must be a multiple of the software
 * table in size (the shares are then exact); the constructor says which size to configure
 * otherwise. The table is written only when it changed.
 */
public final class DpdkRetaProgrammer implements RetaProgrammer {
  private final EthDev device;
  private final int[] queueOfLane;
  private final int nicSize;
  private int[] programmed;

  /**
   * @param device a configured DPDK port with RSS ({@link EthDevInfo#retaSize()} &gt; 0).
   * @param queueOfLane the rx queue of each lane; every queue must exist on the port.
   * @param tableSize entries of the software table ({@code vstack.lanes.indirectionTableSize}).
   * @throws IllegalArgumentException naming what to change when the port cannot follow the table.
   */
  public DpdkRetaProgrammer(final EthDev device, final int[] queueOfLane, final int tableSize) {
    final EthDevInfo info = device.info();
    if (info.retaSize() <= 0) {
      throw new IllegalArgumentException(
          "DPDK port "
              + device.name()
              + " ("
              + info.driverName()
              + ") has no RSS redirection table: use software RSS (RetaProgrammer.SOFTWARE)");
    }
    if (info.retaSize() % tableSize != 0) {
      throw new IllegalArgumentException(
          "DPDK port "
              + device.name()
              + " has a redirection table of "
              + info.retaSize()
              + " entries, not a multiple of the software table's "
              + tableSize
              + ": set vstack.lanes.indirectionTableSize to "
              + info.retaSize());
    }
    for (int lane = 0; lane < queueOfLane.length; lane++) {
      if (queueOfLane[lane] < 0 || queueOfLane[lane] >= info.rxQueues()) {
        throw new IllegalArgumentException(
            "lane "
                + lane
                + " is given rx queue "
                + queueOfLane[lane]
                + " but DPDK port "
                + device.name()
                + " has "
                + info.rxQueues()
                + " rx queues");
      }
    }
    this.device = device;
    this.queueOfLane = queueOfLane.clone();
    this.nicSize = info.retaSize();
  }

  /**
   * The NIC table for {@code laneOfEntry}: entry {@code i} → {@code queueOfLane[laneOfEntry[i mod
   * laneOfEntry.length]]}.
   */
  public static int[] nicTable(
      final int[] laneOfEntry, final int[] queueOfLane, final int nicSize) {
    if (nicSize % laneOfEntry.length != 0) {
      throw new IllegalArgumentException(
          "NIC table size " + nicSize + " is not a multiple of " + laneOfEntry.length);
    }
    final int[] nic = new int[nicSize];
    for (int i = 0; i < nicSize; i++) {
      nic[i] = queueOfLane[laneOfEntry[i % laneOfEntry.length]];
    }
    return nic;
  }

  @Override
  public void program(final int[] laneOfEntry) {
    final int[] nic = nicTable(laneOfEntry, queueOfLane, nicSize);
    if (!Arrays.equals(nic, programmed)) {
      device.retaUpdate(nic);
      programmed = nic;
    }
  }

  /** What was last written to the NIC, or null before the first successful update. */
  public int[] programmed() {
    return programmed == null ? null : programmed.clone();
  }

  @Override
  public String toString() {
    return "reta of " + device.name() + " (" + nicSize + " entries)";
  }
}
