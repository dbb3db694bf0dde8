package io.vstack.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * System calls of the C library, bound once through FFM.
 *
 * <p>Every call that can fail takes an {@link Errno} and returns the raw C result: -1 means failure
 * and {@code errno.value()} says why. Nothing here throws for an OS error and nothing allocates, so
 * {@link #read} and {@link #write} can run on the hot path; callers turn errors into messages.
 *
 * <p>Buffers are passed as native addresses ({@code long}) rather than {@code MemorySegment}s so a
 * frame slot of a {@code FrameBatch} can be read into without wrapping it in a new segment per
 * frame. On the System V x86-64 and AAPCS64 ABIs a pointer and a 64-bit integer are passed the same
 * way, which is what makes the {@code JAVA_LONG} descriptors below correct.
 */
public final class Libc {
  /** {@code O_RDONLY}. */
  public static final int O_RDONLY = 0;

  /** {@code O_RDWR}. */
  public static final int O_RDWR = 2;

  /** {@code O_NONBLOCK} (Linux x86-64 and arm64). */
  public static final int O_NONBLOCK = 0x800;

  /** {@code O_CLOEXEC} (Linux x86-64 and arm64). */
  public static final int O_CLOEXEC = 0x80000;

  static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

  private static final MethodHandle OPEN =
      bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
  private static final MethodHandle CLOSE =
      bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
  private static final MethodHandle READ =
      bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO);
  private static final MethodHandle WRITE =
      bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO);
  private static final MethodHandle IOCTL =
      bind(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          ERRNO,
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle SCHED_SETAFFINITY =
      bind(
          "sched_setaffinity",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          ERRNO);
  private static final MethodHandle SCHED_GETAFFINITY =
      bind(
          "sched_getaffinity",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          ERRNO);
  private static final MethodHandle GETTID = bind("gettid", FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle STRERROR =
      bind("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private Libc() {}

  static MethodHandle bind(
      final String name, final FunctionDescriptor descriptor, final Linker.Option... options) {
    final MemorySegment symbol =
        LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /**
   * {@code open(path, flags)}.
   *
   * @return the file descriptor, or -1 with {@code errno} set.
   */
  public static int open(final Errno errno, final String path, final int flags) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) OPEN.invokeExact(errno.state(), arena.allocateFrom(path), flags);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code close(fd)}: 0, or -1 with {@code errno} set. */
  public static int close(final Errno errno, final int fd) {
    try {
      return (int) CLOSE.invokeExact(errno.state(), fd);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code read(fd, address, count)} into native memory.
   *
   * @return bytes read (0 at end of file), or -1 with {@code errno} set ({@link Errno#EAGAIN} on a
   *     non-blocking descriptor with nothing to read).
   */
  public static long read(final Errno errno, final int fd, final long address, final long count) {
    try {
      return (long) READ.invokeExact(errno.state(), fd, address, count);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code write(fd, address, count)} from native memory.
   *
   * @return bytes written, or -1 with {@code errno} set.
   */
  public static long write(final Errno errno, final int fd, final long address, final long count) {
    try {
      return (long) WRITE.invokeExact(errno.state(), fd, address, count);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code ioctl(fd, request, argument)} with a pointer argument (e.g. a {@code struct ifreq}).
   *
   * @return the ioctl's result (usually 0), or -1 with {@code errno} set.
   */
  public static int ioctl(
      final Errno errno, final int fd, final long request, final MemorySegment argument) {
    try {
      return (int) IOCTL.invokeExact(errno.state(), fd, request, argument);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code sched_setaffinity(tid, mask.byteSize(), mask)}: restricts thread {@code tid} (0 = the
   * calling thread) to the CPUs whose bits are set in {@code mask}, a {@code cpu_set_t} (bit {@code
   * n} of byte {@code n / 8} is CPU {@code n}).
   *
   * @return 0, or -1 with {@code errno} set ({@link Errno#EINVAL} when no CPU of the mask is
   *     usable).
   */
  public static int schedSetaffinity(final Errno errno, final int tid, final MemorySegment mask) {
    try {
      return (int) SCHED_SETAFFINITY.invokeExact(errno.state(), tid, mask.byteSize(), mask);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code sched_getaffinity(tid, mask.byteSize(), mask)}: fills {@code mask} with the CPUs thread
   * {@code tid} (0 = the calling thread) may run on.
   *
   * @return 0, or -1 with {@code errno} set ({@link Errno#EINVAL} when {@code mask} is smaller than
   *     the kernel's mask).
   */
  public static int schedGetaffinity(final Errno errno, final int tid, final MemorySegment mask) {
    try {
      return (int) SCHED_GETAFFINITY.invokeExact(errno.state(), tid, mask.byteSize(), mask);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code gettid()}: the kernel's id of the calling thread, as in {@code /proc/self/task/TID}. */
  public static int gettid() {
    try {
      return (int) GETTID.invokeExact();
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /** The C library's description of an error number, e.g. {@code "No such device"}. */
  public static String strerror(final int errnum) {
    try {
      final MemorySegment text = (MemorySegment) STRERROR.invokeExact(errnum);
      return text.reinterpret(Integer.MAX_VALUE).getString(0);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  static RuntimeException rethrow(final Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("native call failed", t);
  }
}
