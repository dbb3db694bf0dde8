package io.vstack.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends VXLAN frames from a kernel interface with scapy ({@code /usr/bin/python3}, package
 * python3-scapy): outer Ethernet broadcast / IPv4 192.0.2.1 -> 192.0.2.2 / UDP 4789 / VXLAN / inner
 * Ethernet / IPv4 / UDP. A missing scapy fails the test naming the package.
 */
final class PeerTraffic {
  private static final String SCRIPT =
      """
      import sys
      from scapy.all import Ether, IP, UDP, VXLAN, sendp
      iface, vni, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
      frame = (Ether(dst="ff:ff:ff:ff:ff:ff", src="02:00:00:00:00:b1")
               / IP(src="192.0.2.1", dst="192.0.2.2") / UDP(sport=49152, dport=4789)
               / VXLAN(vni=vni) / Ether(dst="02:00:00:00:0a:02", src="02:00:00:00:0a:01")
               / IP(src="10.0.0.1", dst="10.0.0.2") / UDP(sport=40000, dport=7) / (b"x" * 18))
      sendp([frame] * count, iface=iface, verbose=False)
      """;

  /** Bytes of one frame as the script builds it (14 + 20 + 8 + 8 + 14 + 20 + 8 + 18). */
  static final int FRAME_LENGTH = 110;

  /** Offset of the 24-bit VNI in the frame. */
  static final int VNI_OFFSET = 14 + 20 + 8 + 4;

  private PeerTraffic() {}

  /** Sends {@code count} frames with VXLAN {@code vni} out of {@code iface}; bounded to 60 s. */
  static void sendVxlan(final String iface, final int vni, final int count) {
    final List<String> command =
        List.of(
            "/usr/bin/python3",
            "-c",
            SCRIPT,
            iface,
            Integer.toString(vni),
            Integer.toString(count));
    try {
      final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try {
        final boolean done = process.waitFor(60, TimeUnit.SECONDS);
        final String output =
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("scapy sendp finished within 60 s").isTrue();
        assertThat(process.exitValue())
            .as("scapy (apt-get install python3-scapy): %s", output)
            .isZero();
      } finally {
        process.destroyForcibly();
      }
    } catch (final IOException e) {
      throw new AssertionError("/usr/bin/python3 not found: apt-get install python3-scapy", e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The VNI of a frame {@link #sendVxlan} built, read from its bytes. */
  static int vni(final org.agrona.DirectBuffer frame, final int offset) {
    return ((frame.getByte(offset + VNI_OFFSET) & 0xFF) << 16)
        | ((frame.getByte(offset + VNI_OFFSET + 1) & 0xFF) << 8)
        | (frame.getByte(offset + VNI_OFFSET + 2) & 0xFF);
  }
}
