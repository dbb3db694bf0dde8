package io.vstack.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vstack.dpdk.DpdkPort;
import io.vstack.dpdk.EthStats;
import io.vstack.port.FrameBatch;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DpdkPort on the real NIC: a million 64-byte frames transmitted in bursts leave the port (the
 * device's own counters agree with what DpdkPort says it sent). The rate is printed for the record
 * only; performance claims belong to JMH ({@code vstack bench}), not to a test.
 */
class DpdkPortThroughputHwTest {
  private static final int FRAMES = 1_000_000;
  private static final int FRAME_LENGTH = 64;

  private static HwPort port;

  @BeforeAll
  static void openTheNic() {
    final Hardware hw = Hardware.detect();
    assumeTrue(hw.present(), hw.reason());
    port = HwPort.start(hw, 1);
  }

  @Test
  void shouldTransmitEveryFrameWhenBurstingAMillion() {
    port.eal.registerCurrentThread();
    port.dev.resetStats();
    final byte[] frame = new byte[FRAME_LENGTH];
    for (int i = 0; i < 6; i++) {
      frame[i] = (byte) 0xff; // broadcast: stays on the wire segment
    }
    frame[12] = (byte) 0x88;
    frame[13] = (byte) 0xb5; // local experimental EtherType
    final UnsafeBuffer source = new UnsafeBuffer(frame);
    long sent = 0;
    final long start = System.nanoTime();
    try (DpdkPort tx = new DpdkPort(port.dev, 0, port.pool);
        FrameBatch batch = new FrameBatch()) {
      while (sent < FRAMES) {
        batch.clear();
        while (!batch.isFull()) {
          batch.add(source, 0, FRAME_LENGTH);
        }
        sent += tx.transmit(batch);
      }
    }
    final long nanos = System.nanoTime() - start;
    final EthStats stats = port.dev.stats();
    assertThat(stats.opackets()).as("device tx counter").isEqualTo(sent);
    System.out.printf(
        "DpdkPort tx on %s: %d frames of %d B in %.3f s (%.2f Mpps)%n",
        port.dev.name(), sent, FRAME_LENGTH, nanos / 1e9, sent * 1e3 / nanos);
  }
}
