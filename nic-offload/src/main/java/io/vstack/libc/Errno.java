package io.vstack.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Where a {@link Libc} call leaves {@code errno}: a small off-heap block filled by the downcall
 * itself ({@code Linker.Option.captureCallState}), so the value cannot be clobbered by the JVM
 * between the call and the check, as a later {@code errno} read through FFM could be.
 *
 * <p>One instance belongs to one thread (typically one per port, which is driven by one thread), is
 * allocated once and reused for every call: reading it allocates nothing.
 */
public final class Errno implements AutoCloseable {
  /** Operation not permitted. */
  public static final int EPERM = 1;

  /** No such file or directory. */
  public static final int ENOENT = 2;

  /** Interrupted system call. */
  public static final int EINTR = 4;

  /** Input/output error (e.g. writing to a TAP whose link is down). */
  public static final int EIO = 5;

  /** No such device or address. */
  public static final int ENXIO = 6;

  /** Bad file descriptor. */
  public static final int EBADF = 9;

  /** Resource temporarily unavailable: nothing to read, or no room to write, right now. */
  public static final int EAGAIN = 11;

  /** Permission denied. */
  public static final int EACCES = 13;

  /** Device or resource busy. */
  public static final int EBUSY = 16;

  /** No such device (e.g. an interface that went away). */
  public static final int ENODEV = 19;

  /** Invalid argument. */
  public static final int EINVAL = 22;

  /** Message too long (a frame over the interface's MTU). */
  public static final int EMSGSIZE = 90;

  /** Protocol not available (an unknown socket option). */
  public static final int ENOPROTOOPT = 92;

  /** Network is down (the interface is not up). */
  public static final int ENETDOWN = 100;

  /** No buffer space available. */
  public static final int ENOBUFS = 105;

  private static final VarHandle ERRNO =
      Libc.CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private final Arena arena = Arena.ofShared();
  private final MemorySegment state = arena.allocate(Libc.CAPTURE_LAYOUT);

  /** The capture block to pass to a downcall. */
  MemorySegment state() {
    return state;
  }

  /** {@code errno} as left by the last failed call made with this instance. */
  public int value() {
    return (int) ERRNO.get(state, 0L);
  }

  /** The C library's text for the last {@code errno}, e.g. {@code "Permission denied"}. */
  public String message() {
    return Libc.strerror(value());
  }

  @Override
  public void close() {
    arena.close();
  }
}
