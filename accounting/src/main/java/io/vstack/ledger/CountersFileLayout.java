package io.vstack.ledger;

import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.concurrent.status.CountersReader;

/**
 * Layout of the counters file, the one source of truth for writer ({@link Ledger}) and readers
 * ({@link LedgerReader}, {@code vstack stats}/{@code top}). All numbers little-endian (native).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 version (0 until the file is ready)           |  0
 * +---------------------------------------------------------------+
 * |                 (padding)                                     |  4
 * +---------------------------------------------------------------+
 * |         heartbeat: epoch ms of the last publish (64)          |  8
 * +---------------------------------------------------------------+
 * |         pid of the writing process (64)                       | 16
 * +---------------------------------------------------------------+
 * |         start: epoch ms when the file was created (64)        | 24
 * +---------------------------------------------------------------+
 * |         cycles per second of the meter (64)                   | 32
 * +---------------------------------------------------------------+
 * |         meter overhead in cycles, measured at start (64)      | 40
 * +---------------------------------------------------------------+
 * |         metadata length          |  values length             | 48
 * +---------------------------------------------------------------+
 * |         histogram slot count     |  histogram slot length     | 56
 * +---------------------------------------------------------------+
 * |         calibration source length|  source (ASCII, <= 256 B)  | 64
 * +---------------------------------------------------------------+
 * |         ... header is HEADER_LENGTH (4096) bytes ...          |
 * +---------------------------------------------------------------+
 * |  Agrona counters metadata (count x 512 B)                     |  4096
 * +---------------------------------------------------------------+
 * |  Agrona counters values (count x 128 B)                       |
 * +---------------------------------------------------------------+
 * |  histogram slots (slot count x slot length)                   |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Tenant counters: type id {@link CounterKind#typeId()}, key = tenant id (int at 0), kind
 * ordinal (int at 4), histogram slot (int at 8); label {@code tenant=<id> name=<name> kind=<kind>}.
 *
 * <p>A histogram slot is a seqlock-protected copy of one tenant's latency histogram:
 *
 * <pre>
 * +---------------------------------------------------------------+
 * |  sequence (64): odd while the writer copies, even when stable |  0
 * +---------------------------------------------------------------+
 * |  tenant id (-1 = unused)        |  encoded length            |  8
 * +---------------------------------------------------------------+
 * |  HdrHistogram V2 encoding (Histogram.encodeIntoByteBuffer,    | 16
 * |  big-endian, uncompressed); values are nanoseconds             |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * A reader copies the slot, then re-reads the sequence; if it is odd or changed it retries.
 */
public final class CountersFileLayout {
  /** Bumped whenever anything on this page changes. */
  public static final int VERSION = 1;

  /** Where {@code vstack stats} looks when no {@code --counters-file} is given. */
  public static final Path DEFAULT_PATH = Path.of("/dev/shm/vstack/counters.dat");

  public static final int VERSION_OFFSET = 0;
  public static final int HEARTBEAT_OFFSET = 8;
  public static final int PID_OFFSET = 16;
  public static final int START_TIME_OFFSET = 24;
  public static final int CYCLES_PER_SECOND_OFFSET = 32;
  public static final int METER_OVERHEAD_OFFSET = 40;
  public static final int METADATA_LENGTH_OFFSET = 48;
  public static final int VALUES_LENGTH_OFFSET = 52;
  public static final int SLOT_COUNT_OFFSET = 56;
  public static final int SLOT_LENGTH_OFFSET = 60;
  public static final int SOURCE_LENGTH_OFFSET = 64;
  public static final int SOURCE_OFFSET = 68;
  public static final int MAX_SOURCE_LENGTH = 256;
  public static final int HEADER_LENGTH = 4096;

  public static final int KEY_TENANT_OFFSET = 0;
  public static final int KEY_KIND_OFFSET = 4;
  public static final int KEY_SLOT_OFFSET = 8;
  public static final int KEY_LENGTH = 12;

  public static final int SLOT_SEQUENCE_OFFSET = 0;
  public static final int SLOT_TENANT_OFFSET = 8;
  public static final int SLOT_ENCODED_LENGTH_OFFSET = 12;
  public static final int SLOT_DATA_OFFSET = 16;

  /** Latency histograms track 1 ns .. 10 s ... */
  public static final long LATENCY_HIGHEST_NANOS = 10_000_000_000L;

  /** ... with two significant digits (1 % resolution). */
  public static final int LATENCY_DIGITS = 2;

  private CountersFileLayout() {}

  /** A fresh histogram with the layout's range (for writers and decoders). */
  public static Histogram newLatencyHistogram() {
    return new Histogram(1, LATENCY_HIGHEST_NANOS, LATENCY_DIGITS);
  }

  /** Bytes per histogram slot: header plus the largest possible encoding, 64-byte aligned. */
  public static int slotLength() {
    return BitUtil.align(
        SLOT_DATA_OFFSET + newLatencyHistogram().getNeededByteBufferCapacity(),
        BitUtil.CACHE_LINE_LENGTH);
  }

  /** Counters needed for {@code maxTenants} tenants. */
  public static int counterCount(final int maxTenants) {
    return maxTenants * CounterKind.all().length;
  }

  public static int metadataLength(final int maxTenants) {
    return counterCount(maxTenants) * CountersReader.METADATA_LENGTH;
  }

  public static int valuesLength(final int maxTenants) {
    return counterCount(maxTenants) * CountersReader.COUNTER_LENGTH;
  }

  /** Total file length for {@code maxTenants} tenants. */
  public static long fileLength(final int maxTenants) {
    return (long) HEADER_LENGTH
        + metadataLength(maxTenants)
        + valuesLength(maxTenants)
        + (long) maxTenants * slotLength();
  }
}
