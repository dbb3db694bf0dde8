package io.vstack.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.libc.Errno;
import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.netns.Tcpdump;
import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PacketPort on veth pairs, with the Linux kernel and tcpdump as the other end. */
class PacketPortTest {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final byte[] SOURCE_MAC = HexFormat.of().parseHex("02aaaaaaaa01");

  @TempDir Path dir;

  @Test
  void shouldDeliverEveryFrameToTcpdumpOnThePeerWhenTransmittingBursts() {
    final int count = 2000;
    final Path capture = dir.resolve("peer.pcap");
    final Random random = new Random(42);
    final List<byte[]> sent = new ArrayList<>();
    try (NetworkNamespace ns = NetworkNamespace.create("vsr");
        VethPair veth = VethPair.createInto("vsr", ns);
        PacketPort port = PacketPort.open(veth.a());
        FrameBatch batch = new FrameBatch(256, 2048)) {
      assertThat(port.maxFrameLength()).isEqualTo(1514);
      try (Commands.Background tcpdump = Tcpdump.start(ns, veth.b(), count, capture, "0x88b5")) {
        while (sent.size() < count) {
          batch.clear();
          while (!batch.isFull() && sent.size() + batch.size() < count) {
            final byte[] frame = frame(random, 60 + random.nextInt(1455));
            batch.add(new UnsafeBuffer(frame), 0, frame.length);
            sent.add(frame);
          }
          transmitAll(port, batch);
        }
        tcpdump.await(BOUND).orFail();
      }
      assertThat(port.counters().txFrames()).isEqualTo(count);
      assertThat(port.counters().txDropped()).isZero();
      assertThat(port.counters().errors()).isZero();
    }
    final List<Tshark.Frame> seen = Tshark.frames(capture);
    assertThat(seen).hasSize(count);
    assertThat(seen.stream().mapToLong(Tshark.Frame::length).sum())
        .isEqualTo(sent.stream().mapToLong(f -> f.length).sum());
    for (int i = 0; i < count; i++) {
      assertThat(seen.get(i).bytes()).as("frame %d", i + 1).isEqualTo(sent.get(i));
    }
  }

  @Test
  void shouldReceiveTheKernelsArpRequestsWhenLinuxPingsThroughThePeer() {
    try (NetworkNamespace ns = NetworkNamespace.create("vsr");
        VethPair veth = VethPair.createInto("vsr", ns);
        PacketPort port = PacketPort.open(veth.a());
        FrameBatch batch = new FrameBatch()) {
      ns.exec("ip", "addr", "add", "192.0.2.2/24", "dev", veth.b());
      final byte[] peerMac =
          HexFormat.ofDelimiter(":")
              .parseHex(ns.exec("cat", "/sys/class/net/" + veth.b() + "/address").stdout().strip());
      try (Commands.Background ping = ns.start("ping", "-c", "3", "-i", "0.3", "192.0.2.1")) {
        final byte[] arp =
            Frames.await(port, batch, f -> Frames.etherType(f) == 0x0806, BOUND, port::toString);
        assertThat(Arrays.copyOfRange(arp, 0, 6))
            .isEqualTo(HexFormat.of().parseHex("ffffffffffff"));
        assertThat(Arrays.copyOfRange(arp, 6, 12)).as("from the peer").isEqualTo(peerMac);
        assertThat(Arrays.copyOfRange(arp, 28, 32))
            .as("sender 192.0.2.2")
            .isEqualTo(new byte[] {(byte) 192, 0, 2, 2});
        assertThat(Arrays.copyOfRange(arp, 38, 42))
            .as("who-has 192.0.2.1")
            .isEqualTo(new byte[] {(byte) 192, 0, 2, 1});
      }
      assertThat(port.counters().rxFrames()).isPositive();
      assertThat(port.counters().errors()).isZero();
    }
  }

  @Test
  void shouldReceiveEveryFrameInBurstsButNotItsOwnWhenTwoPortsShareAVethPair() {
    final int count = 5000;
    final Random random = new Random(7);
    final List<byte[]> sent = new ArrayList<>();
    final List<byte[]> received = new ArrayList<>();
    try (VethPair veth = VethPair.create("vsr");
        PacketPort a = PacketPort.open(veth.a());
        PacketPort b = PacketPort.open(veth.b());
        FrameBatch tx = new FrameBatch(128, 2048);
        FrameBatch rx = new FrameBatch(256, 2048)) {
      final long deadline = System.nanoTime() + BOUND.toNanos();
      while ((sent.size() < count || received.size() < count) && System.nanoTime() < deadline) {
        if (sent.size() < count && sent.size() - received.size() < 512) {
          tx.clear();
          while (!tx.isFull() && sent.size() + tx.size() < count) {
            final byte[] frame = frame(random, 60 + random.nextInt(200));
            tx.add(new UnsafeBuffer(frame), 0, frame.length);
            sent.add(frame);
          }
          transmitAll(a, tx);
        }
        rx.clear();
        final int n = b.receive(rx);
        for (int i = 0; i < n; i++) {
          final byte[] frame = Frames.copy(rx, i);
          if (Frames.etherType(frame) == 0x88B5) {
            received.add(frame);
          }
        }
      }
      assertThat(received).as("frames received").hasSize(count);
      for (int i = 0; i < count; i++) {
        assertThat(received.get(i)).as("frame %d", i + 1).isEqualTo(sent.get(i));
      }
      rx.clear();
      assertThat(a.receive(rx)).as("a does not see its own outgoing frames").isZero();
      assertThat(b.counters().rxFrames()).isGreaterThanOrEqualTo(count);
      assertThat(b.counters().errors()).isZero();
    }
  }

  @Test
  void shouldDropAndCountFramesThatDoNotFitTheSlotsWhileKeepingTheOthersInOrder() {
    try (VethPair veth = VethPair.create("vsr");
        PacketPort a = PacketPort.open(veth.a());
        PacketPort b = PacketPort.open(veth.b());
        FrameBatch tx = new FrameBatch(8, 2048);
        FrameBatch rx = new FrameBatch(8, 64)) {
      final Random random = new Random(3);
      final int[] lengths = {60, 100, 64, 200, 61, 62};
      final List<byte[]> small = new ArrayList<>();
      for (final int length : lengths) {
        final byte[] frame = frame(random, length);
        tx.add(new UnsafeBuffer(frame), 0, length);
        if (length <= 64) {
          small.add(frame);
        }
      }
      transmitAll(a, tx);
      final List<byte[]> received = new ArrayList<>();
      final long deadline = System.nanoTime() + BOUND.toNanos();
      while (received.size() < small.size() && System.nanoTime() < deadline) {
        rx.clear();
        final int n = b.receive(rx);
        assertThat(n).isEqualTo(rx.size());
        for (int i = 0; i < n; i++) {
          received.add(Frames.copy(rx, i));
        }
      }
      assertThat(received).hasSize(small.size());
      for (int i = 0; i < small.size(); i++) {
        assertThat(received.get(i)).as("frame %d", i).isEqualTo(small.get(i));
      }
      assertThat(b.counters().rxDropped()).isEqualTo(2);
    }
  }

  @Test
  void shouldDropAndCountFramesLongerThanTheMtuAndSendTheRest() {
    try (VethPair veth = VethPair.create("vsr");
        PacketPort a = PacketPort.open(veth.a());
        FrameBatch tx = new FrameBatch(4, 2048)) {
      final Random random = new Random(5);
      tx.add(new UnsafeBuffer(frame(random, 100)), 0, 100);
      tx.add(new UnsafeBuffer(frame(random, 1515)), 0, 1515);
      tx.add(new UnsafeBuffer(frame(random, 1514)), 0, 1514);
      assertThat(a.transmit(tx)).isEqualTo(3);
      assertThat(a.counters().txDropped()).isEqualTo(1);
      assertThat(a.counters().txFrames()).isEqualTo(2);
      assertThat(a.counters().txBytes()).isEqualTo(1614);
    }
  }

  @Test
  void shouldNotAllocateWhenTransmittingAndReceivingBursts() {
    try (VethPair veth = VethPair.create("vsr");
        PacketPort a = PacketPort.open(veth.a());
        PacketPort b = PacketPort.open(veth.b());
        FrameBatch tx = new FrameBatch(32, 2048);
        FrameBatch rx = new FrameBatch(32, 2048)) {
      final Random random = new Random(9);
      for (int i = 0; i < 32; i++) {
        tx.add(new UnsafeBuffer(frame(random, 64)), 0, 64);
      }
      // Sending and receiving are measured apart, so a failure names the call that allocates. One
      // 40-byte object per call is the JDK's errno-capture slice left un-inlined: see JvmFlags.
      final Runnable send =
          () -> {
            for (int round = 0; round < 200; round++) {
              a.transmit(tx);
            }
          };
      final Runnable receive =
          () -> {
            for (int round = 0; round < 200; round++) {
              rx.clear();
              b.receive(rx);
            }
          };
      // The steady state is what must not allocate: interpreted or C1-compiled FFM calls may, and
      // on a loaded machine C2 can take a while, so warm up until it is reached (bounded).
      final long deadline = System.nanoTime() + BOUND.toNanos();
      long sending;
      long receiving;
      do {
        send.run();
        receive.run();
        sending = Allocations.during(send);
        receiving = Allocations.during(receive);
      } while ((sending >= 200 || receiving >= 200) && System.nanoTime() < deadline);
      assertThat(sending).as("bytes allocated sending 200 bursts of 32 frames").isLessThan(200);
      assertThat(receiving).as("bytes allocated by 200 receives").isLessThan(200);
      assertThat(b.counters().rxFrames()).isPositive();
    }
  }

  @Test
  void shouldSayNoSuchInterfaceWhenItDoesNotExist() {
    final String missing = NetworkNamespace.randomName("vsr", TapPort.MAX_NAME_LENGTH);
    assertThatThrownBy(() -> PacketPort.open(missing))
        .isInstanceOf(PortException.class)
        .hasMessage(
            "no such interface " + missing + " (list this namespace's interfaces with `ip link`)")
        .extracting(e -> ((PortException) e).errno())
        .isEqualTo(Errno.ENODEV);
  }

  @Test
  void shouldNameTheMissingCapabilityWhenASocketIsNotPermitted() {
    assertThat(PacketPort.socketFailure("eth0", Errno.EPERM))
        .isEqualTo(
            "cannot open a packet socket on eth0: Operation not permitted (needs root or CAP_NET_RAW)");
  }

  private static void transmitAll(final Port port, final FrameBatch batch) {
    final long deadline = System.nanoTime() + BOUND.toNanos();
    while (!batch.isEmpty()) {
      batch.discardFirst(port.transmit(batch));
      assertThat(System.nanoTime()).as("port stays full").isLessThan(deadline);
    }
  }

  /** A frame from SOURCE_MAC to a unicast MAC, EtherType 0x88B5 (local experimental). */
  private static byte[] frame(final Random random, final int length) {
    final byte[] frame = new byte[length];
    random.nextBytes(frame);
    frame[0] = 0x02;
    System.arraycopy(SOURCE_MAC, 0, frame, 6, 6);
    frame[12] = (byte) 0x88;
    frame[13] = (byte) 0xB5;
    return frame;
  }
}
