package io.vstack.bench;

import io.vstack.libc.JvmFlags;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings every vstack benchmark shares, in one place: JMH reads these annotations from a
 * benchmark's superclass. Average ns per operation, short warm-up and measurement (the numbers are
 * ratios against a baseline measured in the same run), one fork with the JVM flags the stack needs
 * ({@link JvmFlags}) and JFR's internal tick counter (for {@link MeterBenchmark}'s comparison). A
 * benchmark may override the mode, time unit and iterations with its own annotations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      JvmFlags.ADD_EXPORTS,
      JvmFlags.EXPORT_MISC,
      "--add-opens",
      "jdk.jfr/jdk.jfr.internal=ALL-UNNAMED",
      JvmFlags.NATIVE_ACCESS,
      JvmFlags.UNSAFE_MEMORY_ACCESS,
      JvmFlags.QUIET_COMPILE_COMMANDS,
      JvmFlags.INLINE_CAPTURE_CHECK,
      JvmFlags.INLINE_SLICE,
      JvmFlags.INLINE_SLICE_NO_CHECK,
      JvmFlags.INLINE_NATIVE_CHECK
    })
public abstract class BenchmarkDefaults {}
