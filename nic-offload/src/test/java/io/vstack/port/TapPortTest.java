package io.vstack.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.libc.Errno;
import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.netns.RequiredTool;
import io.vstack.pcap.Tshark;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TapPort against the Linux kernel: a TAP moved into a fresh namespace with an address, where the
 * kernel's ARP and ICMP are the peer and tcpdump/tshark the witness.
 */
class TapPortTest {
  private static final String OUR_ADDRESS = "192.0.2.1";
  private static final String NEIGHBOUR = "192.0.2.2";
  private static final byte[] NEIGHBOUR_MAC = HexFormat.of().parseHex("02bbbbbbbb02");
  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void shouldReceiveTheKernelsArpRequestAndAnswerItSoTheKernelSendsIcmpToUs() {
    final String tap = NetworkNamespace.randomName("vsp", TapPort.MAX_NAME_LENGTH);
    try (TapPort port = TapPort.open(tap);
        NetworkNamespace ns = NetworkNamespace.create("vsp");
        FrameBatch batch = new FrameBatch()) {
      final byte[] tapMac = upInside(ns, tap);
      try (Commands.Background ping =
          ns.start("ping", "-c", "3", "-i", "0.5", "-W", "5", NEIGHBOUR)) {
        final byte[] request =
            Frames.await(
                port,
                batch,
                f -> Frames.etherType(f) == 0x0806,
                BOUND,
                () -> "errno " + port.lastErrno());

        assertThat(slice(request, 0, 6))
            .as("broadcast")
            .isEqualTo(HexFormat.of().parseHex("ffffffffffff"));
        assertThat(slice(request, 6, 12)).as("source MAC").isEqualTo(tapMac);
        assertThat(slice(request, 14, 22))
            .as("htype 1, ptype IPv4, hlen 6, plen 4, request")
            .isEqualTo(HexFormat.of().parseHex("0001080006040001"));
        assertThat(slice(request, 22, 28)).as("sender MAC").isEqualTo(tapMac);
        assertThat(slice(request, 28, 32))
            .as("sender IP")
            .isEqualTo(new byte[] {(byte) 192, 0, 2, 1});
        assertThat(slice(request, 38, 42))
            .as("target IP")
            .isEqualTo(new byte[] {(byte) 192, 0, 2, 2});

        batch.clear();
        batch.add(new UnsafeBuffer(arpReply(tapMac)), 0, 42);
        assertThat(port.transmit(batch)).isEqualTo(1);
        assertThat(port.counters().txFrames()).isEqualTo(1);

        final byte[] echo =
            Frames.await(
                port,
                batch,
                f -> Frames.etherType(f) == 0x0800 && f[23] == 1,
                BOUND,
                () -> "errno " + port.lastErrno());
        assertThat(slice(echo, 0, 6))
            .as("the kernel learned our MAC from the reply")
            .isEqualTo(NEIGHBOUR_MAC);
        assertThat(slice(echo, 30, 34))
            .as("ICMP to the neighbour")
            .isEqualTo(new byte[] {(byte) 192, 0, 2, 2});
        assertThat(echo[34]).as("echo request").isEqualTo((byte) 8);
        assertThat(ns.exec("ip", "neigh", "show", NEIGHBOUR).stdout())
            .contains("02:bb:bb:bb:bb:02");
      }
      assertThat(port.counters().errors()).isZero();
    }
  }

  @Test
  void shouldDeliverTransmittedFramesToTheKernelWhenTcpdumpCapturesOnTheTap() throws Exception {
    final String tap = NetworkNamespace.randomName("vsp", TapPort.MAX_NAME_LENGTH);
    final Path capture = dir.resolve("tap.pcap");
    final int count = 6;
    final List<byte[]> sent = new ArrayList<>();
    try (TapPort port = TapPort.open(tap);
        NetworkNamespace ns = NetworkNamespace.create("vsp");
        FrameBatch batch = new FrameBatch(count, 2048)) {
      upInside(ns, tap);
      try (Commands.Background tcpdump =
          ns.start(
              RequiredTool.require("tcpdump"),
              "-i",
              tap,
              "-n",
              "-U",
              "-c",
              String.valueOf(count),
              "-w",
              capture.toString(),
              "ether",
              "proto",
              "0x88b5")) {
        awaitListening(tcpdump);
        for (int i = 0; i < count; i++) {
          final byte[] frame = new byte[60 + i * 100];
          final ByteBuffer b = ByteBuffer.wrap(frame);
          b.put(HexFormat.of().parseHex("ffffffffffff"))
              .put(NEIGHBOUR_MAC)
              .putShort((short) 0x88B5);
          for (int j = 14; j < frame.length; j++) {
            frame[j] = (byte) (i * 13 + j);
          }
          batch.add(new UnsafeBuffer(frame), 0, frame.length);
          sent.add(frame);
        }

        assertThat(port.transmit(batch)).isEqualTo(count);
        tcpdump.await(BOUND).orFail();
      }
      assertThat(port.counters().txFrames()).isEqualTo(count);
      assertThat(port.counters().txBytes()).isEqualTo(sent.stream().mapToInt(f -> f.length).sum());
    }
    final List<Tshark.Frame> seen = Tshark.frames(capture);
    assertThat(seen).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(seen.get(i).bytes()).as("frame %d", i + 1).isEqualTo(sent.get(i));
    }
  }

  @Test
  void shouldCountAFrameAsDroppedWhenTheTapIsDown() {
    final String tap = NetworkNamespace.randomName("vsp", TapPort.MAX_NAME_LENGTH);
    try (TapPort port = TapPort.open(tap);
        FrameBatch batch = new FrameBatch(2, 2048)) {
      batch.add(new UnsafeBuffer(new byte[60]), 0, 60);
      batch.add(new UnsafeBuffer(new byte[2000]), 0, 2000);

      assertThat(port.transmit(batch)).isEqualTo(2);
      assertThat(port.counters().txDropped())
          .as("EIO while down, and one over maxFrameLength")
          .isEqualTo(2);
      assertThat(port.counters().txFrames()).isZero();
      batch.clear();
      assertThat(port.receive(batch)).as("nothing to read is not an error").isZero();
      assertThat(port.counters().errors()).isZero();
    }
  }

  @Test
  void shouldAllocateNothingPerFrameWhenPollingAndWriting() {
    final String tap = NetworkNamespace.randomName("vsp", TapPort.MAX_NAME_LENGTH);
    try (TapPort port = TapPort.open(tap);
        FrameBatch out = new FrameBatch(8, 2048);
        FrameBatch in = new FrameBatch(8, 2048)) {
      for (int i = 0; i < 8; i++) {
        out.add(new UnsafeBuffer(new byte[60]), 0, 60);
      }
      final Runnable cycle =
          () -> {
            port.transmit(out);
            in.clear();
            port.receive(in);
          };
      final Runnable cycles =
          () -> {
            for (int i = 0; i < 10_000; i++) {
              cycle.run();
            }
          };
      // What must not allocate is the compiled steady state; on a loaded machine C2 may take a
      // while to get there, so warm up until it does (bounded).
      final long deadline = System.nanoTime() + BOUND.toNanos();
      cycles.run();
      cycles.run();
      long allocated = Allocations.during(cycles);
      long rounds = 3;
      while (allocated >= 10_000 && System.nanoTime() < deadline) {
        cycles.run();
        allocated = Allocations.during(cycles);
        rounds += 2;
      }

      assertThat(port.counters().txDropped())
          .as("the TAP is down: EIO")
          .isEqualTo(rounds * 10_000L * 8);
      assertThat(allocated)
          .as("bytes allocated for 80,000 writes and 10,000 empty reads")
          .isLessThan(10_000);
    }
  }

  @Test
  void shouldRemoveTheDeviceWhenClosed() {
    final String tap = NetworkNamespace.randomName("vsp", TapPort.MAX_NAME_LENGTH);
    final TapPort port = TapPort.open(tap);
    try {
      assertThat(port.deviceName()).isEqualTo(tap);
      assertThat(port.name()).isEqualTo("tap:" + tap);
      assertThat(Files.exists(Path.of("/sys/class/net", tap))).isTrue();
      assertThat(Commands.run(RequiredTool.require("ip"), "-d", "link", "show", tap).stdout())
          .contains("tun type tap");
    } finally {
      port.close();
    }
    assertThat(Files.exists(Path.of("/sys/class/net", tap))).isFalse();
    port.close();
  }

  @Test
  void shouldLetTheKernelNumberTheDeviceWhenTheNameHasAPercentD() {
    try (TapPort port = TapPort.open("vsp%d")) {
      assertThat(port.deviceName()).matches("vsp[0-9]+");
      assertThat(Files.exists(Path.of("/sys/class/net", port.deviceName()))).isTrue();
    }
  }

  @Test
  void shouldSayTheTapIsBusyWhenAnotherDescriptorHasItOpen() {
    final String tap = NetworkNamespace.randomName("vsp", TapPort.MAX_NAME_LENGTH);
    try (TapPort first = TapPort.open(tap)) {
      assertThatThrownBy(() -> TapPort.open(tap))
          .isInstanceOf(PortException.class)
          .hasMessage(
              "cannot create or attach TAP "
                  + tap
                  + ": Device or resource busy"
                  + " (another process has this TAP open)")
          .extracting(e -> ((PortException) e).errno())
          .isEqualTo(Errno.EBUSY);
    }
  }

  @Test
  void shouldRefuseANameThatBelongsToADeviceOfAnotherKind() {
    assertThatThrownBy(() -> TapPort.open("lo"))
        .isInstanceOf(PortException.class)
        .hasMessage(
            "cannot create or attach TAP lo: Invalid argument"
                + " (a device of that name exists and is not a TAP; pick another name)");
  }

  @Test
  void shouldRejectInvalidNamesBeforeAskingTheKernel() {
    assertThatThrownBy(() -> TapPort.open("vsp-name-too-long"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must have 1 to 15 characters");
    assertThatThrownBy(() -> TapPort.open("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TapPort.open("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldExplainPermissionAndMissingDeviceErrorsInOneLine() {
    assertThat(TapPort.openFailure(Errno.EACCES))
        .isEqualTo("cannot open /dev/net/tun: Permission denied (need root or CAP_NET_ADMIN)");
    assertThat(TapPort.openFailure(Errno.ENOENT))
        .startsWith("cannot open /dev/net/tun: No such file or directory")
        .contains("modprobe tun");
    assertThat(TapPort.attachFailure("vs0", Errno.EPERM))
        .startsWith(
            "cannot create or attach TAP vs0: Operation not permitted (need root or CAP_NET_ADMIN");
  }

  /**
   * Moves the TAP into {@code ns}, gives it {@link #OUR_ADDRESS}/24 and brings it up; returns its
   * MAC.
   */
  private static byte[] upInside(final NetworkNamespace ns, final String tap) {
    ns.moveLink(tap);
    ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
    ns.exec("ip", "addr", "add", OUR_ADDRESS + "/24", "dev", tap);
    ns.exec("ip", "link", "set", tap, "up");
    final String mac = ns.exec("cat", "/sys/class/net/" + tap + "/address").stdout().strip();
    return HexFormat.ofDelimiter(":").parseHex(mac);
  }

  private static void awaitListening(final Commands.Background capture) {
    final long deadline = System.nanoTime() + BOUND.toNanos();
    while (!capture.stderrSoFar().contains("listening on")) {
      assertThat(capture.process().isAlive())
          .as("tcpdump died: %s", capture.stderrSoFar())
          .isTrue();
      assertThat(System.nanoTime())
          .as("tcpdump did not start: %s", capture.stderrSoFar())
          .isLessThan(deadline);
      sleep(10);
    }
  }

  private static byte[] arpReply(final byte[] tapMac) {
    final ByteBuffer b = ByteBuffer.allocate(42);
    b.put(tapMac).put(NEIGHBOUR_MAC).putShort((short) 0x0806);
    b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 2);
    b.put(NEIGHBOUR_MAC).put(new byte[] {(byte) 192, 0, 2, 2});
    b.put(tapMac).put(new byte[] {(byte) 192, 0, 2, 1});
    return b.array();
  }

  private static byte[] slice(final byte[] frame, final int from, final int to) {
    return java.util.Arrays.copyOfRange(frame, from, to);
  }

  private static void sleep(final long millis) {
    try {
      Thread.sleep(millis);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
