package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.pcap.Tshark;
import io.vstack.port.FrameBatch;
import io.vstack.port.ReceivedBuffers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DpdkPortTest {
  private final TestEal dpdk = TestEal.get();

  @ParameterizedTest
  @EnumSource(BurstPath.class)
  void shouldLoopFramesBackUnchangedWhenSentOverNetRing(final BurstPath path) {
    final EthDev ring = dpdk.port("net_ring0");
    final List<byte[]> sent = new ArrayList<>();
    try (DpdkPort port = new DpdkPort(ring, 0, dpdk.pool(), path, 32);
        FrameBatch out = new FrameBatch();
        FrameBatch in = new FrameBatch()) {
      for (int i = 0; i < 20; i++) {
        final byte[] frame = TestEal.frame(60 + i * 73, i);
        sent.add(frame);
        out.add(new UnsafeBuffer(frame), 0, frame.length);
      }
      assertThat(port.transmit(out)).isEqualTo(20);
      out.clear();

      assertThat(port.receive(in)).isEqualTo(20);
      assertThat(contents(in)).containsExactlyElementsOf(sent);
      assertThat(port.counters().txFrames()).isEqualTo(20);
      assertThat(port.counters().rxFrames()).isEqualTo(20);
      assertThat(port.counters().rxBytes()).isEqualTo(sent.stream().mapToInt(f -> f.length).sum());
    }
  }

  @Test
  void shouldForwardReceivedMbufsWithoutCopyWhenTransmittingTheReceivedBatch() {
    final EthDev ring = dpdk.port("net_ring0");
    final int poolBefore = dpdk.pool().available();
    try (DpdkPort port = new DpdkPort(ring, 0, dpdk.pool());
        FrameBatch batch = new FrameBatch()) {
      for (int i = 0; i < 5; i++) {
        final byte[] frame = TestEal.frame(100 + i, i);
        batch.add(new UnsafeBuffer(frame), 0, frame.length);
      }
      port.transmit(batch);
      batch.clear();
      assertThat(port.receive(batch)).isEqualTo(5);
      final long firstAddress = batch.address(0);
      // rewrite in place and trim: the forwarded mbuf must carry both changes
      new UnsafeBuffer(firstAddress, 1).putByte(0, (byte) 0x7e);
      batch.length(0, 80);

      assertThat(port.transmit(batch)).isEqualTo(5);
      batch.clear();
      assertThat(port.receive(batch)).isEqualTo(5);

      assertThat(batch.address(0)).as("same mbuf data came back: no copy").isEqualTo(firstAddress);
      assertThat(batch.length(0)).isEqualTo(80);
      assertThat(new UnsafeBuffer(batch.address(0), 1).getByte(0)).isEqualTo((byte) 0x7e);
      assertThat(contents(batch).subList(1, 5))
          .containsExactly(
              TestEal.frame(101, 1),
              TestEal.frame(102, 2),
              TestEal.frame(103, 3),
              TestEal.frame(104, 4));
    }
    assertThat(dpdk.pool().available()).as("no mbuf leaked").isEqualTo(poolBefore);
  }

  @Test
  void shouldKeepHandedOverMbufsAcrossTheNextReceiveUntilFreedWhenReceivingIntoReceivedBuffers() {
    final EthDev ring = dpdk.port("net_ring0");
    final int poolStart = dpdk.pool().available();
    try (DpdkPort port = new DpdkPort(ring, 0, dpdk.pool());
        FrameBatch first = new FrameBatch();
        FrameBatch second = new FrameBatch();
        ReceivedBuffers firstBuffers = new ReceivedBuffers(32);
        ReceivedBuffers secondBuffers = new ReceivedBuffers(32)) {
      assertThat(port.canHandOverReceived()).isTrue();
      assertThat(port.framesOutliveNextReceive()).isFalse();
      final List<byte[]> sent = send(port, 0, 5);
      final int inFlight = dpdk.pool().available();

      assertThat(port.receive(first, firstBuffers)).isEqualTo(5);
      assertThat(firstBuffers.count()).isEqualTo(5);
      send(port, 5, 3);
      assertThat(port.receive(second, secondBuffers)).isEqualTo(3);

      assertThat(dpdk.pool().available())
          .as("the second receive freed nothing")
          .isEqualTo(inFlight);
      assertThat(contents(first)).containsExactlyElementsOf(sent);
      // a handed-over frame is copied, not forwarded: its mbuf stays the caller's
      assertThat(port.transmit(second)).isEqualTo(3);
      second.clear();
      port.freeReceived(firstBuffers);
      assertThat(firstBuffers.isEmpty()).isTrue();
      assertThat(dpdk.pool().available()).isEqualTo(inFlight + 5);
      port.freeReceived(secondBuffers);
      assertThat(port.receive(second)).as("the copies came round").isEqualTo(3);
    }
    assertThat(dpdk.pool().available()).as("every mbuf freed once").isEqualTo(poolStart);
  }

  private static List<byte[]> send(final DpdkPort port, final int firstSeed, final int count) {
    final List<byte[]> sent = new ArrayList<>();
    try (FrameBatch out = new FrameBatch()) {
      for (int i = firstSeed; i < firstSeed + count; i++) {
        final byte[] frame = TestEal.frame(70 + i, i);
        sent.add(frame);
        out.add(new UnsafeBuffer(frame), 0, frame.length);
      }
      assertThat(port.transmit(out)).isEqualTo(count);
    }
    return sent;
  }

  @Test
  void shouldReadTheRteFlowMarkWhenTheMbufCarriesOne() {
    // net_ring hands mbufs over as they are, so a MARK set here arrives like one set by a NIC.
    final EthDev ring = dpdk.port("net_ring0");
    final EthBurst burst = new EthBurst(ring.portId(), 0, BurstPath.FP_OPS);
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined();
        DpdkPort port = new DpdkPort(ring, 0, dpdk.pool());
        FrameBatch batch = new FrameBatch()) {
      final java.lang.foreign.MemorySegment mbufs =
          arena.allocate(java.lang.foreign.ValueLayout.ADDRESS, 2);
      assertThat(burst.alloc(dpdk.pool(), mbufs, 2)).isTrue();
      final java.lang.foreign.MemorySegment all = DpdkNative.ALL;
      for (int i = 0; i < 2; i++) {
        final long mbuf = mbufs.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i);
        all.set(
            java.lang.foreign.ValueLayout.JAVA_SHORT, mbuf + DpdkLayout.MBUF_DATA_LEN, (short) 60);
        all.set(java.lang.foreign.ValueLayout.JAVA_INT, mbuf + DpdkLayout.MBUF_PKT_LEN, 60);
      }
      final long marked = mbufs.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 1);
      all.set(
          java.lang.foreign.ValueLayout.JAVA_LONG,
          marked + DpdkLayout.MBUF_OL_FLAGS,
          DpdkLayout.MBUF_F_RX_FDIR_ID | 4);
      all.set(java.lang.foreign.ValueLayout.JAVA_INT, marked + DpdkLayout.MBUF_FDIR_HI, 4242);
      assertThat(burst.tx(mbufs, 2)).isEqualTo(2);

      batch.claim(); // a frame already in the batch: marks are looked up by batch index
      assertThat(port.receive(batch)).isEqualTo(2);

      assertThat(port.mark(1)).isEqualTo(-1);
      assertThat(port.mark(2)).isEqualTo(4242);
      assertThat(port.mark(0)).as("not from this port's receive").isEqualTo(-1);
      assertThat(port.mark(3)).isEqualTo(-1);
      port.release();
      assertThat(port.mark(2)).as("released").isEqualTo(-1);
    }
  }

  @Test
  void shouldCarryFramesAndReturnEveryMbufWhenUsingNetNull() {
    final EthDev dev = dpdk.port("net_null0");
    final int poolBefore = dpdk.pool().available();
    final EthStats before = dev.stats();
    try (DpdkPort port = new DpdkPort(dev, 0, dpdk.pool(), BurstPath.FP_OPS, 32);
        FrameBatch batch = new FrameBatch()) {
      final byte[] frame = TestEal.frame(200, 9);
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 32; i++) {
          batch.add(new UnsafeBuffer(frame), 0, frame.length);
        }
        assertThat(port.transmit(batch)).isEqualTo(32);
        batch.clear();
      }
      assertThat(port.receive(batch)).isEqualTo(32);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(batch.length(i)).as("net_null's default packet size").isEqualTo(64);
      }
      port.release();
      final EthStats after = dev.stats();

      assertThat(after.opackets() - before.opackets()).isEqualTo(320);
      assertThat(after.ipackets() - before.ipackets()).isEqualTo(32);
      assertThat(port.counters().txBytes()).isEqualTo(320L * 200);
    }
    assertThat(dpdk.pool().available()).as("no mbuf leaked").isEqualTo(poolBefore);
  }

  @Test
  void shouldRefuseAQueueThePortDoesNotHaveWhenCreated() {
    final EthDev dev = dpdk.port("net_null0"); // 2 rx queues, 1 tx queue
    assertThatThrownBy(() -> new DpdkPort(dev, 1, dpdk.pool()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "net_null0 has 2 rx and 1 tx queues configured, so no queue 1: configure the"
                + " port with enough queues first");
  }

  @Test
  void shouldDropAndCountFramesLongerThanAnMbufWhenTransmitting() {
    final EthDev dev = dpdk.port("net_null0");
    try (DpdkPort port = new DpdkPort(dev, 0, dpdk.pool());
        FrameBatch batch = new FrameBatch(4, 4096)) {
      final byte[] small = TestEal.frame(100, 1);
      final byte[] huge = TestEal.frame(port.maxFrameLength() + 1, 2);
      batch.add(new UnsafeBuffer(small), 0, small.length);
      batch.add(new UnsafeBuffer(huge), 0, huge.length);
      batch.add(new UnsafeBuffer(small), 0, small.length);

      assertThat(port.transmit(batch)).isEqualTo(3);
      assertThat(port.counters().txFrames()).isEqualTo(2);
      assertThat(port.counters().txDropped()).isEqualTo(1);
    }
  }

  @Test
  void shouldReadAPcapAndWriteOneThatTsharkAgreesWithWhenUsingNetPcap() throws Exception {
    final EthDev pcap = dpdk.port("net_pcap0");
    final List<byte[]> received = new ArrayList<>();
    try (DpdkPort port = new DpdkPort(pcap, 0, dpdk.pool());
        FrameBatch batch = new FrameBatch()) {
      for (int polls = 0; polls < 100 && received.size() < TestEal.PCAP_FRAMES.size(); polls++) {
        batch.clear();
        port.receive(batch);
        received.addAll(contents(batch));
        int sent = 0;
        while (sent < 1000 && !batch.isEmpty()) {
          batch.discardFirst(port.transmit(batch));
          sent++;
        }
      }
      assertThat(port.receive(batch)).as("net_pcap stops at the end of the file").isZero();
    }
    pcap.stop(); // closes net_pcap's dumper, so the output file is complete
    assertThat(received).containsExactlyElementsOf(TestEal.PCAP_FRAMES);
    assertThat(tsharkFrames(dpdk.pcapIn()))
        .as("tshark reads the input as the test wrote it")
        .containsExactlyElementsOf(TestEal.PCAP_FRAMES);
    assertThat(Files.exists(dpdk.pcapOut())).isTrue();
    assertThat(Tshark.frames(dpdk.pcapOut()).stream().map(Tshark.Frame::length).toList())
        .containsExactlyElementsOf(TestEal.PCAP_FRAMES.stream().map(f -> f.length).toList());
    assertThat(tsharkFrames(dpdk.pcapOut())).containsExactlyElementsOf(TestEal.PCAP_FRAMES);
  }

  private static List<byte[]> contents(final FrameBatch batch) {
    final List<byte[]> frames = new ArrayList<>();
    final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    for (int i = 0; i < batch.size(); i++) {
      batch.wrap(i, view);
      final byte[] frame = new byte[batch.length(i)];
      view.getBytes(0, frame);
      frames.add(frame);
    }
    return frames;
  }

  /** The frames of a capture file as tshark reads them. */
  private static List<byte[]> tsharkFrames(final Path file) {
    return Tshark.frames(file).stream().map(Tshark.Frame::bytes).toList();
  }
}
