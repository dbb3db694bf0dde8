package io.vstack.ledger;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads a counters file written by {@link Ledger}, from any process, without writing to it (the
 * file is mapped read-only). Layout: {@link CountersFileLayout}.
 */
public final class LedgerReader implements AutoCloseable {
  /**
   * A live writer publishes at least this often; older heartbeats mean {@link LedgerStatus#STALE}.
   */
  public static final long STALE_AFTER_MS = 5_000;

  // A writer preempted mid-copy on a loaded machine may hold a slot for a while; one that died
  // mid-copy holds it forever. Give up after this long.
  private static final long SEQLOCK_PATIENCE_NANOS = 1_000_000_000L;

  private final Path path;
  private final MappedByteBuffer mapped;
  private final UnsafeBuffer whole;
  private final CountersReader counters;
  private final EpochClock epochClock;
  private final long slotsOffset;
  private final int slotCount;
  private final int slotLength;

  private LedgerReader(final Path path, final MappedByteBuffer mapped, final EpochClock clock) {
    this.path = path;
    this.mapped = mapped;
    this.epochClock = clock;
    this.whole = new UnsafeBuffer(mapped);
    final int metadataLength = whole.getInt(CountersFileLayout.METADATA_LENGTH_OFFSET);
    final int valuesLength = whole.getInt(CountersFileLayout.VALUES_LENGTH_OFFSET);
    slotCount = whole.getInt(CountersFileLayout.SLOT_COUNT_OFFSET);
    slotLength = whole.getInt(CountersFileLayout.SLOT_LENGTH_OFFSET);
    slotsOffset = (long) CountersFileLayout.HEADER_LENGTH + metadataLength + valuesLength;
    if (metadataLength <= 0
        || valuesLength <= 0
        || slotLength < CountersFileLayout.SLOT_DATA_OFFSET
        || slotsOffset + (long) slotCount * slotLength > whole.capacity()) {
      throw new LedgerFileException(
          path + " is not a valid vstack counters file (bad section lengths)");
    }
    counters =
        new CountersReader(
            new UnsafeBuffer(whole, CountersFileLayout.HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(
                whole, CountersFileLayout.HEADER_LENGTH + metadataLength, valuesLength),
            StandardCharsets.US_ASCII);
  }

  /**
   * Maps the counters file at {@code path} read-only.
   *
   * @throws LedgerFileException with a one-line reason when the file is missing, not ready or of
   *     another layout version
   */
  public static LedgerReader open(final Path path, final EpochClock clock) {
    final MappedByteBuffer mapped;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      final long size = channel.size();
      if (size < CountersFileLayout.HEADER_LENGTH || size > Integer.MAX_VALUE) {
        throw new LedgerFileException(path + " is not a vstack counters file (size " + size + ")");
      }
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (final NoSuchFileException e) {
      throw new LedgerFileException(
          "no counters file at " + path + "; is the stack running? (or pass --counters-file)");
    } catch (final AccessDeniedException e) {
      throw new LedgerFileException("cannot read counters file " + path + ": permission denied");
    } catch (final IOException e) {
      throw new LedgerFileException("cannot read counters file " + path + ": " + e.getMessage());
    }
    final UnsafeBuffer header = new UnsafeBuffer(mapped);
    final int version = header.getIntVolatile(CountersFileLayout.VERSION_OFFSET);
    if (version == 0) {
      IoUtil.unmap(mapped);
      throw new LedgerFileException(path + " is not ready yet (the stack is starting); try again");
    }
    if (version != CountersFileLayout.VERSION) {
      IoUtil.unmap(mapped);
      throw new LedgerFileException(
          path
              + " has counters layout version "
              + version
              + ", this vstack reads version "
              + CountersFileLayout.VERSION
              + "; use the vstack that matches the running stack");
    }
    try {
      return new LedgerReader(path, mapped, clock);
    } catch (final LedgerFileException e) {
      IoUtil.unmap(mapped);
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  /** The writer's PID. */
  public long pid() {
    return whole.getLongVolatile(CountersFileLayout.PID_OFFSET);
  }

  /** Alive, stale or dead, judged from the PID and the heartbeat. */
  public LedgerStatus status() {
    final boolean alive = ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    if (!alive) {
      return LedgerStatus.DEAD;
    }
    final long age = epochClock.time() - whole.getLongVolatile(CountersFileLayout.HEARTBEAT_OFFSET);
    return age > STALE_AFTER_MS ? LedgerStatus.STALE : LedgerStatus.ALIVE;
  }

  /** Reads every tenant's counters and latest published histogram. */
  public LedgerSnapshot snapshot() {
    final Map<Integer, Found> found = new TreeMap<>();
    counters.forEach(
        (counterId, typeId, key, label) -> {
          final CounterKind kind = CounterKind.ofTypeId(typeId);
          if (kind == null) {
            return;
          }
          final Found tenant =
              found.computeIfAbsent(
                  key.getInt(CountersFileLayout.KEY_TENANT_OFFSET),
                  id ->
                      new Found(
                          nameOf(label),
                          key.getInt(CountersFileLayout.KEY_SLOT_OFFSET),
                          new long[CounterKind.all().length]));
          tenant.values()[kind.ordinal()] = counters.getCounterValue(counterId);
        });
    final List<TenantSnapshot> tenants = new ArrayList<>();
    found.forEach(
        (tenantId, tenant) ->
            tenants.add(
                new TenantSnapshot(
                    tenantId,
                    tenant.name(),
                    tenant.values(),
                    readLatency(tenant.slot(), tenantId))));
    final int sourceLength =
        Math.min(
            whole.getInt(CountersFileLayout.SOURCE_LENGTH_OFFSET),
            CountersFileLayout.MAX_SOURCE_LENGTH);
    return new LedgerSnapshot(
        status(),
        pid(),
        whole.getLongVolatile(CountersFileLayout.START_TIME_OFFSET),
        whole.getLongVolatile(CountersFileLayout.HEARTBEAT_OFFSET),
        epochClock.time(),
        whole.getLongVolatile(CountersFileLayout.CYCLES_PER_SECOND_OFFSET),
        whole.getLongVolatile(CountersFileLayout.METER_OVERHEAD_OFFSET),
        whole.getStringWithoutLengthAscii(
            CountersFileLayout.SOURCE_OFFSET, Math.max(0, sourceLength)),
        List.copyOf(tenants));
  }

  private record Found(String name, int slot, long[] values) {}

  // Labels are "tenant=<id> name=<name> kind=<kind>"; the name may contain spaces.
  private static String nameOf(final String label) {
    final int start = label.indexOf(" name=");
    final int end = label.lastIndexOf(" kind=");
    return start >= 0 && end > start ? label.substring(start + 6, end) : "";
  }

  /** Copies one slot under its seqlock and decodes it; empty if the writer never published. */
  private Histogram readLatency(final int slot, final int tenantId) {
    if (slot < 0 || slot >= slotCount) {
      return CountersFileLayout.newLatencyHistogram();
    }
    final UnsafeBuffer slotBuffer =
        new UnsafeBuffer(whole, (int) (slotsOffset + (long) slot * slotLength), slotLength);
    final int capacity = slotLength - CountersFileLayout.SLOT_DATA_OFFSET;
    final byte[] copy = new byte[capacity];
    final long deadline = System.nanoTime() + SEQLOCK_PATIENCE_NANOS;
    for (int attempt = 0; System.nanoTime() - deadline < 0; attempt++) {
      final long before = slotBuffer.getLongVolatile(CountersFileLayout.SLOT_SEQUENCE_OFFSET);
      if ((before & 1) != 0) {
        backOff(attempt);
        continue;
      }
      final int owner = slotBuffer.getInt(CountersFileLayout.SLOT_TENANT_OFFSET);
      final int length = slotBuffer.getInt(CountersFileLayout.SLOT_ENCODED_LENGTH_OFFSET);
      if (length > 0 && length <= capacity) {
        slotBuffer.getBytes(CountersFileLayout.SLOT_DATA_OFFSET, copy, 0, length);
      }
      VarHandle.loadLoadFence();
      final long after = slotBuffer.getLongVolatile(CountersFileLayout.SLOT_SEQUENCE_OFFSET);
      if (before != after) {
        backOff(attempt);
        continue;
      }
      if (owner != tenantId || length <= 0 || length > capacity) {
        return CountersFileLayout.newLatencyHistogram();
      }
      try {
        return Histogram.decodeFromByteBuffer(
            ByteBuffer.wrap(copy, 0, length), CountersFileLayout.LATENCY_HIGHEST_NANOS);
      } catch (final RuntimeException e) {
        throw new LedgerFileException(
            path + ": latency histogram of tenant " + tenantId + " is corrupt (" + e + ")");
      }
    }
    throw new LedgerFileException(
        path + ": the writer kept the latency histogram of tenant " + tenantId + " busy; retry");
  }

  // Spin briefly (a copy takes microseconds), then park so a busy writer gets the core.
  private static void backOff(final int attempt) {
    if (attempt < 100) {
      Thread.onSpinWait();
    } else {
      LockSupport.parkNanos(10_000);
    }
  }

  @Override
  public void close() {
    IoUtil.unmap(mapped);
  }
}
