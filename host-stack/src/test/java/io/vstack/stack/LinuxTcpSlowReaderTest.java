package io.vstack.stack;

import static io.vstack.stack.LinuxTcpLab.LINUX_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.tcp.TcpCounters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Flow control against Linux: a Linux reader with a tiny receive buffer that reads slowly and
 * sometimes stops closes its window on vstack again and again; vstack probes the zero window (RFC
 * 9293 3.8.6.1) and the transfer still finishes intact.
 */
class LinuxTcpSlowReaderTest {
  private static final long BYTES = 8L << 20;
  private static final int LINUX_PORT = 5003;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /**
   * Accepts one connection with SO_RCVBUF {@code rcvbuf} (set on the listener so the handshake
   * already announces the small window), reads {@code chunk} bytes per millisecond and stalls for
   * {@code pause} seconds after every {@code every} bytes (longer than vstack's persist timer),
   * then prints {@code received N SHA}.
   */
  private static final String SLOW_READER =
      """
      import socket,hashlib,sys,time
      host,port,rcvbuf,chunk,every,pause=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),int(sys.argv[5]),float(sys.argv[6])
      l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
      l.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,rcvbuf)
      l.bind((host,port)); l.listen(1); print('listening',file=sys.stderr,flush=True)
      c,_=l.accept(); c.settimeout(120)
      h=hashlib.sha256(); m=0; stall=every
      while True:
          b=c.recv(chunk)
          if not b: break
          h.update(b); m+=len(b)
          time.sleep(0.001)
          if m>=stall:
              time.sleep(pause); stall+=every
      c.close()
      print('received',m,h.hexdigest(),flush=True)
      """;

  @Test
  void shouldProbeZeroWindowsAndFinishIntactWhenLinuxReadsSlowly() {
    try (LinuxTcpLab lab = LinuxTcpLab.open("vt");
        Commands.Background linux =
            lab.ns.start(
                LinuxTcpLab.PYTHON,
                "-c",
                SLOW_READER,
                LINUX_IP,
                Integer.toString(LINUX_PORT),
                "8192",
                "8192",
                Long.toString(2L << 20),
                "0.5")) {
      LinuxTcpLab.awaitListening(linux);
      final int id = lab.connect(LINUX_PORT, Duration.ofSeconds(20));
      final StreamPump pump = new StreamPump(lab.stack.engine(), id, BYTES, 23, false);
      lab.run(() -> pump.step(lab.stack.now()), TIMEOUT, "slow-reader transfer");
      final Commands.Result result = lab.await(linux, TIMEOUT);
      assertThat(result.exitCode()).as("Linux reader: %s", result.stderr()).isZero();
      final String[] words = result.stdout().trim().split(" ");
      final TcpCounters counters = lab.stack.engine().counters();
      System.out.printf(
          "[slow reader] %s; zero-window probes %d, retransmitted %d%n",
          result.stdout().trim(), counters.zeroWindowProbes, counters.retransmittedSegments);
      assertThat(words).as("Linux output %s", result.stdout()).hasSize(3);
      assertThat(Long.parseLong(words[1])).as("bytes at Linux").isEqualTo(BYTES);
      assertThat(words[2]).as("SHA-256 at Linux").isEqualTo(pump.sentSha256());
      assertThat(counters.zeroWindowProbes)
          .as("Linux closed its window long enough for the persist timer to probe it")
          .isPositive();
    }
  }
}
