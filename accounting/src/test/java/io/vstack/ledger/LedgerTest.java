package io.vstack.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  @TempDir Path dir;

  private Ledger ledger(final Path file, final int maxTenants) {
    return new Ledger(
        file, maxTenants, 2_600_000_000L, 57, "test 2.6 GHz", SystemEpochClock.INSTANCE);
  }

  @Test
  void shouldReadBackEveryCounterAndTheLatencyHistogramWhenPublished() {
    final Path file = dir.resolve("counters.dat");
    try (Ledger ledger = ledger(file, 4)) {
      final TenantLedger red = ledger.addTenant(7, "red team");
      final TenantLedger blue = ledger.addTenant(3, "blue");
      for (int i = 0; i < 10; i++) {
        red.onRx(100);
      }
      red.onTx(1500);
      red.addCycles(CounterKind.RX_CYCLES, 12_345);
      red.addCycles(CounterKind.SLOW_PATH_CYCLES, 5);
      red.onDrop(CounterKind.DROP_MALFORMED);
      red.onDrop(CounterKind.DROP_MALFORMED);
      red.onDrop(CounterKind.DROP_QUEUE_FULL);
      red.queueDepth(42);
      red.connections(3);
      blue.addCycles(CounterKind.TX_CYCLES, 1_000);
      for (int i = 1; i <= 100; i++) {
        red.recordLatency(i * 1_000L);
      }
      ledger.publish();

      try (LedgerReader reader = LedgerReader.open(file, SystemEpochClock.INSTANCE)) {
        final LedgerSnapshot snapshot = reader.snapshot();
        assertThat(snapshot.status()).isEqualTo(LedgerStatus.ALIVE);
        assertThat(snapshot.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(snapshot.cyclesPerSecond()).isEqualTo(2_600_000_000L);
        assertThat(snapshot.meterOverheadCycles()).isEqualTo(57);
        assertThat(snapshot.calibrationSource()).isEqualTo("test 2.6 GHz");
        assertThat(snapshot.tenants()).extracting(TenantSnapshot::tenantId).containsExactly(3, 7);
        final TenantSnapshot r = snapshot.tenant(7);
        assertThat(r.name()).isEqualTo("red team");
        assertThat(r.value(CounterKind.RX_PACKETS)).isEqualTo(10);
        assertThat(r.value(CounterKind.RX_BYTES)).isEqualTo(1_000);
        assertThat(r.value(CounterKind.TX_PACKETS)).isEqualTo(1);
        assertThat(r.value(CounterKind.TX_BYTES)).isEqualTo(1_500);
        assertThat(r.value(CounterKind.RX_CYCLES)).isEqualTo(12_345);
        assertThat(r.totalCycles()).isEqualTo(12_350);
        assertThat(r.value(CounterKind.DROP_MALFORMED)).isEqualTo(2);
        assertThat(r.totalDrops()).isEqualTo(3);
        assertThat(r.value(CounterKind.QUEUE_DEPTH)).isEqualTo(42);
        assertThat(r.value(CounterKind.CONNECTIONS)).isEqualTo(3);
        assertThat(r.latency().getTotalCount()).isEqualTo(100);
        assertThat(r.latency().getValueAtPercentile(50)).isBetween(49_000L, 51_000L);
        assertThat(snapshot.tenant(3).latency().getTotalCount()).isZero();
        assertThat(snapshot.totalCycles()).isEqualTo(13_350);
      }
    }
  }

  @Test
  void shouldNotAllocateWhenMeteringCountingRecordingAndPublishing() {
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    final io.vstack.meter.CycleMeter meter = io.vstack.meter.CycleMeter.system();
    try (Ledger ledger = ledger(dir.resolve("counters.dat"), 2)) {
      final TenantLedger tenant = ledger.addTenant(1, "a");
      final Runnable packet =
          () -> {
            final long start = meter.start();
            tenant.onRx(64);
            tenant.onTx(1_500);
            tenant.onDrop(CounterKind.DROP_NO_FLOW);
            tenant.queueDepth(3);
            tenant.recordLatency(
                meter.toNanos(meter.charge(tenant.counter(CounterKind.RX_CYCLES), start)));
          };
      for (int i = 0; i < 50_000; i++) {
        packet.run();
        if (i % 1_000 == 0) {
          ledger.publish();
        }
      }
      final long thread = Thread.currentThread().threadId();
      final long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 100_000; i++) {
        packet.run();
        if (i % 1_000 == 0) {
          ledger.publish();
        }
      }
      assertThat(threads.getThreadAllocatedBytes(thread) - before).isLessThan(1_024);
      assertThat(tenant.counter(CounterKind.RX_PACKETS).get()).isEqualTo(150_000);
    }
  }

  @Test
  void shouldFreeCountersAndSlotWhenATenantIsRemoved() {
    final Path file = dir.resolve("counters.dat");
    try (Ledger ledger = ledger(file, 1);
        LedgerReader reader = LedgerReader.open(file, SystemEpochClock.INSTANCE)) {
      ledger.addTenant(1, "a").onRx(64);
      assertThatThrownBy(() -> ledger.addTenant(2, "b"))
          .hasMessage("counters file is full (1 tenants); raise maxTenants");
      ledger.removeTenant(1);
      assertThat(reader.snapshot().tenants()).isEmpty();
      final TenantLedger b = ledger.addTenant(2, "b");
      b.recordLatency(5);
      ledger.publish();
      final TenantSnapshot snapshot = reader.snapshot().tenant(2);
      assertThat(snapshot.value(CounterKind.RX_PACKETS)).isZero();
      assertThat(snapshot.latency().getTotalCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldLetANewWriterTakeOverWhenTheOldOneClosed() {
    final Path file = dir.resolve("counters.dat");
    ledger(file, 2).close();
    try (Ledger second = ledger(file, 2);
        LedgerReader reader = LedgerReader.open(file, SystemEpochClock.INSTANCE)) {
      second.addTenant(4, "d");
      assertThat(reader.snapshot().tenants())
          .extracting(TenantSnapshot::tenantId)
          .containsExactly(4);
    }
  }

  @Test
  void shouldReportStaleWhenTheHeartbeatIsOld() {
    final Path file = dir.resolve("counters.dat");
    try (Ledger ledger = ledger(file, 1)) {
      final EpochClock later =
          () -> System.currentTimeMillis() + LedgerReader.STALE_AFTER_MS + 1_000;
      try (LedgerReader reader = LedgerReader.open(file, later)) {
        assertThat(reader.status()).isEqualTo(LedgerStatus.STALE);
      }
    }
  }

  @Test
  void shouldRefuseASecondWriterWhileTheFirstIsAlive() {
    final Path file = dir.resolve("counters.dat");
    try (Ledger first = ledger(file, 2)) {
      assertThatThrownBy(() -> ledger(file, 2)).isInstanceOf(IllegalStateException.class);
      assertThat(first.file()).exists();
    }
  }

  @Test
  void shouldExplainInOneLineWhenTheFileIsMissingOrOfAnotherVersion() throws Exception {
    final Path missing = dir.resolve("none.dat");
    assertThatThrownBy(() -> LedgerReader.open(missing, SystemEpochClock.INSTANCE))
        .isInstanceOf(LedgerFileException.class)
        .hasMessage(
            "no counters file at " + missing + "; is the stack running? (or pass --counters-file)");
    final Path file = dir.resolve("counters.dat");
    ledger(file, 1).close();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {99, 0, 0, 0}), CountersFileLayout.VERSION_OFFSET);
    }
    assertThatThrownBy(() -> LedgerReader.open(file, SystemEpochClock.INSTANCE))
        .hasMessageContaining("has counters layout version 99, this vstack reads version 1");
    Files.write(file, new byte[100]);
    assertThatThrownBy(() -> LedgerReader.open(file, SystemEpochClock.INSTANCE))
        .hasMessageContaining("is not a vstack counters file (size 100)");
  }

  @Test
  void shouldNeverReadATornHistogramWhileTheWriterPublishes() throws Exception {
    final Path file = dir.resolve("counters.dat");
    try (Ledger ledger = ledger(file, 1);
        LedgerReader reader = LedgerReader.open(file, SystemEpochClock.INSTANCE)) {
      final TenantLedger tenant = ledger.addTenant(1, "a");
      final AtomicBoolean stop = new AtomicBoolean();
      final AtomicReference<Throwable> failure = new AtomicReference<>();
      // Each step records one 1 µs and one 1 s sample: a consistent copy holds equal counts.
      final Thread writer =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    tenant.recordLatency(1_000);
                    tenant.recordLatency(1_000_000_000);
                    ledger.publish();
                    // Far more often than a lane publishes (every ~100 ms), yet leaves gaps.
                    LockSupport.parkNanos(5_000);
                  }
                } catch (final Throwable e) {
                  failure.set(e);
                }
              });
      writer.start();
      try {
        long lastCount = 0;
        for (int i = 0; i < 2_000; i++) {
          final Histogram h = reader.snapshot().tenant(1).latency();
          final long small = h.getCountAtValue(1_000);
          final long large = h.getCountAtValue(1_000_000_000);
          assertThat(small).as("read %d", i).isEqualTo(large);
          assertThat(h.getTotalCount()).isGreaterThanOrEqualTo(lastCount);
          lastCount = h.getTotalCount();
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(failure.get()).isNull();
    }
  }
}
