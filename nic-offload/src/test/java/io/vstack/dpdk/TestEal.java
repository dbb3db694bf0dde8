package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.fail;

import io.vstack.pcap.Tshark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one EAL every DPDK test of this JVM shares (DPDK initialises once per process), with every
 * vdev the tests need: net_null0, net_ring0 (loopback), net_pcap0 (reads {@link #PCAP_FRAMES} from
 * a file written before init, writes to {@link #pcapOut()}), net_tap0 (a TAP named {@code vsd} +
 * random suffix). Ports are configured and started once, on first use.
 *
 * <p>When DPDK is missing the tests fail, naming the packages to install.
 */
final class TestEal {
  /** What net_pcap0 receives, in order: sizes from the minimum to a full 1500-byte MTU. */
  static final List<byte[]> PCAP_FRAMES = pcapFrames();

  private static TestEal instance;

  private final Eal eal;
  private final Path pcapIn;
  private final Path pcapOut;
  private final String tapName;
  private final Mempool pool;
  private final Map<String, EthDev> started = new HashMap<>();

  private TestEal(final Eal eal, final Path pcapIn, final Path pcapOut, final String tapName) {
    this.eal = eal;
    this.pcapIn = pcapIn;
    this.pcapOut = pcapOut;
    this.tapName = tapName;
    this.pool = Mempool.create("vsd-test", 8191, 256, Mempool.DEFAULT_DATA_ROOM);
  }

  static synchronized TestEal get() {
    if (instance == null) {
      if (!Eal.isAvailable()) {
        try {
          DpdkNative.get();
        } catch (final DpdkUnavailableException e) {
          fail(e.getMessage());
        }
      }
      try {
        final Path dir = Files.createTempDirectory("vsd-dpdk");
        dir.toFile().deleteOnExit();
        final Path in = dir.resolve("in.pcap");
        final Path out = dir.resolve("out.pcap");
        Tshark.writePcap(in, PCAP_FRAMES);
        in.toFile().deleteOnExit();
        out.toFile().deleteOnExit();
        final String tap = String.format("vsd%08x", ThreadLocalRandom.current().nextInt());
        final List<String> args =
            Eal.vdevArguments(
                List.of(
                    "net_null0",
                    "net_ring0",
                    "net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out,
                    "net_tap0,iface=" + tap));
        instance = new TestEal(Eal.start(args), in, out, tap);
      } catch (final IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  Eal eal() {
    return eal;
  }

  Mempool pool() {
    return pool;
  }

  Path pcapOut() {
    return pcapOut;
  }

  Path pcapIn() {
    return pcapIn;
  }

  String tapName() {
    return tapName;
  }

  /**
   * The started port for a vdev name ({@code net_null0}: 2 rx queues with RSS and 1 tx queue; the
   * others 1 + 1).
   */
  synchronized EthDev port(final String name) {
    return started.computeIfAbsent(
        name,
        n -> {
          final EthDev dev = EthDev.byName(n);
          final EthDevInfo info = dev.info();
          if (n.startsWith("net_null")) {
            dev.configure(2, 1, info.flowTypeRssOffloads());
          } else {
            dev.configure(1, 1, 0);
          }
          final int rxQueues = n.startsWith("net_null") ? 2 : 1;
          for (int q = 0; q < rxQueues; q++) {
            dev.rxQueueSetup(q, 512, pool);
          }
          dev.txQueueSetup(0, 512);
          dev.start();
          return dev;
        });
  }

  private static List<byte[]> pcapFrames() {
    final List<byte[]> frames = new ArrayList<>();
    final int[] sizes = {60, 64, 65, 128, 511, 1000, 1514};
    for (int f = 0; f < sizes.length; f++) {
      frames.add(frame(sizes[f], f));
    }
    return frames;
  }

  /** An Ethernet frame of {@code length} bytes (IPv4 EtherType, distinct payload per seed). */
  static byte[] frame(final int length, final int seed) {
    final byte[] frame = new byte[length];
    final byte[] header = {0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00};
    System.arraycopy(header, 0, frame, 0, header.length);
    for (int i = header.length; i < length; i++) {
      frame[i] = (byte) (i * 31 + seed * 7);
    }
    return frame;
  }
}
