package io.vstack.ledger;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.MarkFile;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayQueue;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersManager;

/**
 * The writer of the counters file: per-tenant counters (Agrona {@link CountersManager}) and latency
 * histograms, readable by {@link LedgerReader} in another process while the stack runs. The file is
 * an Agrona {@link MarkFile}: it carries a version (set last, when the file is ready), the writer's
 * PID and a heartbeat that {@link #publish} refreshes, so a reader can tell a live stack from a
 * dead or stale one. Layout: {@link CountersFileLayout}.
 *
 * <p>Threads: {@link #addTenant}/{@link #removeTenant} run on a control thread (they allocate);
 * counters are updated by their owners through {@link TenantLedger}; {@link #publish} runs on the
 * thread that records the latencies (the lane's duty cycle, every ~100 ms).
 */
public final class Ledger implements AutoCloseable {
  /** A writer older than this is considered gone, so its file may be replaced. */
  public static final long ACTIVE_TIMEOUT_MS = 5_000;

  private final MarkFile markFile;
  private final UnsafeBuffer header;
  private final CountersManager counters;
  private final EpochClock epochClock;
  private final int maxTenants;
  private final int slotLength;
  private final long slotsOffset;
  private final Int2ObjectHashMap<TenantLedger> tenants = new Int2ObjectHashMap<>();
  private final IntArrayQueue freeSlots = new IntArrayQueue();
  // Rebuilt on add/remove so publish() iterates without allocating.
  private TenantLedger[] published = new TenantLedger[0];

  /**
   * Creates (or replaces a dead writer's) counters file at {@code path} with room for {@code
   * maxTenants} tenants.
   *
   * @throws IllegalStateException when another live process writes that file (by its PID, or by a
   *     recent heartbeat)
   */
  public Ledger(
      final Path path,
      final int maxTenants,
      final long cyclesPerSecond,
      final long meterOverheadCycles,
      final String calibrationSource,
      final EpochClock epochClock) {
    if (maxTenants < 1) {
      throw new IllegalArgumentException("maxTenants must be at least 1: " + maxTenants);
    }
    this.maxTenants = maxTenants;
    this.epochClock = epochClock;
    this.slotLength = CountersFileLayout.slotLength();
    final long length = CountersFileLayout.fileLength(maxTenants);
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxTenants too large for one counters file: " + maxTenants);
    }
    final File file = path.toFile();
    final File parent = file.getAbsoluteFile().getParentFile();
    if (!parent.isDirectory() && !parent.mkdirs()) {
      throw new IllegalStateException("cannot create directory " + parent);
    }
    final long owner = livingWriter(path);
    if (owner > 0) {
      throw new IllegalStateException("a live process (pid " + owner + ") writes " + path);
    }
    markFile =
        new MarkFile(
            file,
            file.exists(),
            CountersFileLayout.VERSION_OFFSET,
            CountersFileLayout.HEARTBEAT_OFFSET,
            (int) length,
            ACTIVE_TIMEOUT_MS,
            epochClock,
            version -> {},
            message -> {});
    final UnsafeBuffer whole = markFile.buffer();
    header = new UnsafeBuffer(whole, 0, CountersFileLayout.HEADER_LENGTH);
    // A replaced file may hold a dead writer's data: start from zero.
    whole.setMemory(
        CountersFileLayout.HEARTBEAT_OFFSET,
        whole.capacity() - CountersFileLayout.HEARTBEAT_OFFSET,
        (byte) 0);
    final int metadataLength = CountersFileLayout.metadataLength(maxTenants);
    final int valuesLength = CountersFileLayout.valuesLength(maxTenants);
    header.putLong(CountersFileLayout.PID_OFFSET, ProcessHandle.current().pid());
    header.putLong(CountersFileLayout.START_TIME_OFFSET, epochClock.time());
    header.putLong(CountersFileLayout.CYCLES_PER_SECOND_OFFSET, cyclesPerSecond);
    header.putLong(CountersFileLayout.METER_OVERHEAD_OFFSET, meterOverheadCycles);
    header.putInt(CountersFileLayout.METADATA_LENGTH_OFFSET, metadataLength);
    header.putInt(CountersFileLayout.VALUES_LENGTH_OFFSET, valuesLength);
    header.putInt(CountersFileLayout.SLOT_COUNT_OFFSET, maxTenants);
    header.putInt(CountersFileLayout.SLOT_LENGTH_OFFSET, slotLength);
    final byte[] source = calibrationSource.getBytes(StandardCharsets.US_ASCII);
    final int sourceLength = Math.min(source.length, CountersFileLayout.MAX_SOURCE_LENGTH);
    header.putInt(CountersFileLayout.SOURCE_LENGTH_OFFSET, sourceLength);
    header.putBytes(CountersFileLayout.SOURCE_OFFSET, source, 0, sourceLength);
    final int metadataOffset = CountersFileLayout.HEADER_LENGTH;
    counters =
        new ConcurrentCountersManager(
            new UnsafeBuffer(whole, metadataOffset, metadataLength),
            new UnsafeBuffer(whole, metadataOffset + metadataLength, valuesLength),
            StandardCharsets.US_ASCII,
            epochClock,
            0);
    slotsOffset = (long) metadataOffset + metadataLength + valuesLength;
    for (int slot = 0; slot < maxTenants; slot++) {
      slotBuffer(slot).putInt(CountersFileLayout.SLOT_TENANT_OFFSET, -1);
      freeSlots.addInt(slot);
    }
    markFile.timestampRelease(epochClock.time());
    markFile.signalReady(CountersFileLayout.VERSION);
  }

  /**
   * The PID of a living process that wrote {@code path}, or 0. A file whose writer died is deleted
   * here, so a restarted stack need not wait for the heartbeat to age.
   */
  private static long livingWriter(final Path path) {
    final long pid;
    try (LedgerReader reader = LedgerReader.open(path, SystemEpochClock.INSTANCE)) {
      pid = reader.pid();
    } catch (final LedgerFileException e) {
      return 0; // Missing, unready or foreign: MarkFile's own checks decide.
    }
    if (pid == ProcessHandle.current().pid()) {
      return 0; // Our own earlier ledger: MarkFile's heartbeat check decides.
    }
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return pid;
    }
    try {
      Files.deleteIfExists(path);
    } catch (final IOException e) {
      throw new IllegalStateException("cannot replace " + path + ": " + e.getMessage(), e);
    }
    return 0;
  }

  private UnsafeBuffer slotBuffer(final int slot) {
    return new UnsafeBuffer(
        markFile.buffer(), (int) (slotsOffset + (long) slot * slotLength), slotLength);
  }

  private ByteBuffer slotData(final int slot) {
    final MappedByteBuffer mapped = markFile.mappedByteBuffer();
    final int offset = (int) (slotsOffset + (long) slot * slotLength);
    return mapped.slice(
        offset + CountersFileLayout.SLOT_DATA_OFFSET,
        slotLength - CountersFileLayout.SLOT_DATA_OFFSET);
  }

  public int maxTenants() {
    return maxTenants;
  }

  /**
   * Allocates the counters and histogram slot of a tenant (control path).
   *
   * @throws IllegalStateException when the tenant exists or the file is full
   */
  public synchronized TenantLedger addTenant(final int tenantId, final String name) {
    if (tenants.containsKey(tenantId)) {
      throw new IllegalStateException("tenant " + tenantId + " already has a ledger");
    }
    if (freeSlots.isEmpty()) {
      throw new IllegalStateException(
          "counters file is full (" + maxTenants + " tenants); raise maxTenants");
    }
    final int slot = freeSlots.pollInt();
    final CounterKind[] kinds = CounterKind.all();
    final AtomicCounter[] tenantCounters = new AtomicCounter[kinds.length];
    final UnsafeBuffer key = new UnsafeBuffer(new byte[CountersFileLayout.KEY_LENGTH]);
    for (final CounterKind kind : kinds) {
      key.putInt(CountersFileLayout.KEY_TENANT_OFFSET, tenantId);
      key.putInt(CountersFileLayout.KEY_KIND_OFFSET, kind.ordinal());
      key.putInt(CountersFileLayout.KEY_SLOT_OFFSET, slot);
      final String label = "tenant=" + tenantId + " name=" + name + " kind=" + kind.label();
      final UnsafeBuffer labelBuffer = new UnsafeBuffer(label.getBytes(StandardCharsets.US_ASCII));
      tenantCounters[kind.ordinal()] =
          counters.newCounter(
              kind.typeId(),
              key,
              0,
              CountersFileLayout.KEY_LENGTH,
              labelBuffer,
              0,
              labelBuffer.capacity());
    }
    final TenantLedger ledger =
        new TenantLedger(tenantId, name, tenantCounters, slot, slotBuffer(slot), slotData(slot));
    tenants.put(tenantId, ledger);
    published = tenants.values().toArray(new TenantLedger[0]);
    return ledger;
  }

  /** Frees a tenant's counters and histogram slot (control path). Unknown ids are ignored. */
  public synchronized void removeTenant(final int tenantId) {
    final TenantLedger ledger = tenants.remove(tenantId);
    if (ledger == null) {
      return;
    }
    published = tenants.values().toArray(new TenantLedger[0]);
    for (final AtomicCounter counter : ledger.counters()) {
      counter.close();
    }
    ledger.clearSlot();
    freeSlots.addInt(ledger.slot());
  }

  /** The tenant's ledger, or null. */
  public synchronized TenantLedger tenant(final int tenantId) {
    return tenants.get(tenantId);
  }

  /**
   * Copies every tenant's latency histogram into the file and refreshes the heartbeat. Run on the
   * thread that records latencies, off the per-packet path (every ~100 ms): it takes the ledger's
   * monitor (uncontended except during tenant add/remove) so a removal cannot race a slot copy.
   * Allocation-free.
   */
  public synchronized void publish() {
    final TenantLedger[] snapshot = published;
    for (final TenantLedger ledger : snapshot) {
      ledger.publishLatency();
    }
    markFile.timestampRelease(epochClock.time());
  }

  public File file() {
    return markFile.markFile();
  }

  /**
   * Zeroes the heartbeat (the file may be taken over at once) and unmaps the file; it stays on disk
   * with the last numbers (its PID then shows the writer is gone).
   */
  @Override
  public void close() {
    if (!markFile.isClosed()) {
      markFile.timestampRelease(0);
    }
    markFile.close();
  }
}
