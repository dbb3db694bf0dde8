package io.vstack.libc;

import java.util.List;

/**
 * The JVM flags every vstack JVM runs with: the launcher ({@code bin/vstack}), the build's test
 * JVMs ({@code vstack.jvmFlags} in the parent POM), benchmark forks and the child JVMs that tests
 * start. A test checks that the test JVM has all of them, so the places cannot drift apart.
 *
 * <ul>
 *   <li>{@link #ADD_EXPORTS} {@link #EXPORT_MISC}: Agrona's off-heap buffers use {@code
 *       jdk.internal.misc.Unsafe}.
 *   <li>{@link #NATIVE_ACCESS}: every system call goes through FFM downcalls.
 *   <li>{@link #UNSAFE_MEMORY_ACCESS}: Agrona still calls {@code sun.misc.Unsafe}'s memory methods,
 *       which JDK 25 warns about by default.
 *   <li>{@link #INLINE_CAPTURE_CHECK}, {@link #INLINE_SLICE}, {@link #INLINE_SLICE_NO_CHECK} and
 *       {@link #INLINE_NATIVE_CHECK} (after {@link #QUIET_COMPILE_COMMANDS}, so the JVM does not
 *       print them): a downcall that captures {@code errno} ({@link Errno}) passes its capture
 *       segment through {@code SharedUtils.checkCaptureSegment}, which returns {@code asSlice(0,
 *       layout)} ({@code asSliceNoCheck} makes it), a new 40-byte segment, which the downcall stub
 *       then hands to {@code SharedUtils.checkNative}. It costs nothing only when C2 inlines all of
 *       them and scalar-replaces the slice. The JDK does not force that: a method already compiled
 *       on its own into more than {@code InlineSmallCode} bytes is not inlined ("already compiled
 *       into a big method"), and then every {@code recvmmsg}, {@code sendmmsg}, {@code read} and
 *       {@code write} of a port allocates one slice. It happened in CI (a packet port allocating 40
 *       bytes per receive); these flags make C2 inline the four at every call site.
 * </ul>
 */
public final class JvmFlags {
  /** Goes with {@link #EXPORT_MISC}. */
  public static final String ADD_EXPORTS = "--add-exports";

  /** The package Agrona needs exported. */
  public static final String EXPORT_MISC = "java.base/jdk.internal.misc=ALL-UNNAMED";

  /** Native access for the FFM downcalls, without a warning. */
  public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  /** {@code sun.misc.Unsafe} memory access, without a warning. */
  public static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

  /** Keeps the JVM from printing the compile commands that follow on standard output. */
  public static final String QUIET_COMPILE_COMMANDS = "-XX:CompileCommand=quiet";

  /** Errno-capturing downcalls allocate nothing once compiled: see the class comment. */
  public static final String INLINE_CAPTURE_CHECK =
      "-XX:CompileCommand=inline,jdk.internal.foreign.abi.SharedUtils::checkCaptureSegment";

  /** The capture check's slice: see the class comment. */
  public static final String INLINE_SLICE =
      "-XX:CompileCommand=inline,jdk.internal.foreign.AbstractMemorySegmentImpl::asSlice";

  /** Where {@link #INLINE_SLICE}'s method makes the slice: see the class comment. */
  public static final String INLINE_SLICE_NO_CHECK =
      "-XX:CompileCommand=inline,jdk.internal.foreign.AbstractMemorySegmentImpl::asSliceNoCheck";

  /** Where the downcall stub takes the slice: see the class comment. */
  public static final String INLINE_NATIVE_CHECK =
      "-XX:CompileCommand=inline,jdk.internal.foreign.abi.SharedUtils::checkNative";

  /** All of them, in the order a command line takes them. */
  public static final List<String> ALL =
      List.of(
          ADD_EXPORTS,
          EXPORT_MISC,
          NATIVE_ACCESS,
          UNSAFE_MEMORY_ACCESS,
          QUIET_COMPILE_COMMANDS,
          INLINE_CAPTURE_CHECK,
          INLINE_SLICE,
          INLINE_SLICE_NO_CHECK,
          INLINE_NATIVE_CHECK);

  private JvmFlags() {}
}
