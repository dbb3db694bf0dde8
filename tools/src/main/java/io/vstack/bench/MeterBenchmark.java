package io.vstack.bench;

import io.vstack.meter.CycleMeter;
import io.vstack.meter.ThreadCpuClock;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one clock reading costs from Java 25, and what the cycle meter's start/charge pair adds,
 * against {@code baseline} (reading a field) in the same run:
 *
 * <ul>
 *   <li>{@code nanoTime}: {@link System#nanoTime()} (CLOCK_MONOTONIC via the vDSO; the meter's
 *       production clock).
 *   <li>{@code meterStartCharge}: {@link CycleMeter#start()} + {@link CycleMeter#charge} into an
 *       Agrona counter: what the lane pays per tenant group.
 *   <li>{@code threadCpuTime}: {@link ThreadCpuClock} (CLOCK_THREAD_CPUTIME_ID, a system call).
 *   <li>{@code rdtscViaFfm}: {@code rdtsc} from 10 bytes of machine code in an mmap'd executable
 *       page, called through an FFM critical downcall. Works, but writing code into an executable
 *       page is not something to ship.
 *   <li>{@code jfrCounterTime}: {@code jdk.jfr.internal.JVM.counterTime()}, JFR's tick counter (a
 *       HotSpot intrinsic), reachable only with {@code --add-opens jdk.jfr/jdk.jfr.internal}.
 * </ul>
 *
 * <p>Run: {@code java -cp tools/target/vstack.jar org.openjdk.jmh.Main MeterBenchmark} (see
 * docs/BENCHMARKS.md).
 */
@State(Scope.Thread)
public class MeterBenchmark extends BenchmarkDefaults {
  // x86-64: rdtsc; shl rdx, 32; or rax, rdx; ret
  private static final byte[] RDTSC_CODE = {
    0x0f, 0x31, 0x48, (byte) 0xc1, (byte) 0xe2, 0x20, 0x48, 0x09, (byte) 0xd0, (byte) 0xc3
  };
  private static final int PROT_READ_WRITE_EXEC = 7;
  private static final int MAP_PRIVATE_ANONYMOUS = 0x22;

  private static final MethodHandle RDTSC = rdtscHandle();
  private static final MethodHandle JFR_COUNTER_TIME = jfrCounterTimeHandle();

  private long field = 42;
  private CycleMeter meter;
  private AtomicCounter counter;

  private static MethodHandle rdtscHandle() {
    try {
      final Linker linker = Linker.nativeLinker();
      final MethodHandle mmap =
          linker.downcallHandle(
              linker.defaultLookup().find("mmap").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_LONG));
      final MemorySegment page =
          ((MemorySegment)
                  mmap.invokeExact(
                      MemorySegment.NULL,
                      4096L,
                      PROT_READ_WRITE_EXEC,
                      MAP_PRIVATE_ANONYMOUS,
                      -1,
                      0L))
              .reinterpret(4096);
      MemorySegment.copy(MemorySegment.ofArray(RDTSC_CODE), 0, page, 0, RDTSC_CODE.length);
      return linker.downcallHandle(
          page, FunctionDescriptor.of(ValueLayout.JAVA_LONG), Linker.Option.critical(false));
    } catch (final Throwable e) {
      throw new IllegalStateException("cannot build the rdtsc stub: " + e, e);
    }
  }

  private static MethodHandle jfrCounterTimeHandle() {
    try {
      final Class<?> jvm = Class.forName("jdk.jfr.internal.JVM");
      return MethodHandles.privateLookupIn(jvm, MethodHandles.lookup())
          .findStatic(jvm, "counterTime", MethodType.methodType(long.class));
    } catch (final ReflectiveOperationException e) {
      throw new IllegalStateException("JFR's counterTime is not reachable: " + e, e);
    }
  }

  @Setup
  public void setUp() {
    meter = CycleMeter.system();
    counter =
        new CountersManager(
                new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]))
            .newCounter("rx-cycles");
  }

  @Benchmark
  public long baseline() {
    return field;
  }

  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  @Benchmark
  public long meterStartCharge() {
    return meter.charge(counter, meter.start());
  }

  @Benchmark
  public long threadCpuTime() {
    return ThreadCpuClock.INSTANCE.nanoTime();
  }

  @Benchmark
  public long rdtscViaFfm() throws Throwable {
    return (long) RDTSC.invokeExact();
  }

  @Benchmark
  public long jfrCounterTime() throws Throwable {
    return (long) JFR_COUNTER_TIME.invokeExact();
  }
}
