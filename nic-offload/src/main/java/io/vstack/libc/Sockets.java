package io.vstack.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Socket system calls of the C library, bound once through FFM, with the conventions of {@link
 * Libc}: the raw C result, -1 with {@code errno} in the given {@link Errno}, no exceptions and no
 * allocation on the hot calls ({@link #sendmmsg}, {@link #recvmmsg}), which take native addresses.
 *
 * <p>Layouts used with them (64-bit Linux):
 *
 * <pre>
 *   struct iovec   (16): | iov_base: void* | iov_len: size_t |
 *   struct msghdr  (56): | name* 0 | namelen 8 | iov* 16 | iovlen 24 | control* 32 |
 *                        | controllen 40 | flags 48 | pad |
 *   struct mmsghdr (64): | msghdr 0 | msg_len: unsigned 56 | pad |
 * </pre>
 */
public final class Sockets {
  /** {@code AF_PACKET}: link-layer sockets. */
  public static final int AF_PACKET = 17;

  /** {@code SOCK_RAW}. */
  public static final int SOCK_RAW = 3;

  /** {@code SOCK_NONBLOCK}, or-ed into the socket type. */
  public static final int SOCK_NONBLOCK = 0x800;

  /** {@code SOCK_CLOEXEC}, or-ed into the socket type. */
  public static final int SOCK_CLOEXEC = 0x80000;

  /** {@code SOL_SOCKET}. */
  public static final int SOL_SOCKET = 1;

  /** {@code SO_SNDBUF}. */
  public static final int SO_SNDBUF = 7;

  /** {@code SO_RCVBUF}. */
  public static final int SO_RCVBUF = 8;

  /** {@code SO_RCVBUFFORCE}: like {@code SO_RCVBUF} but past {@code rmem_max} (CAP_NET_ADMIN). */
  public static final int SO_RCVBUFFORCE = 33;

  /** {@code MSG_DONTWAIT}. */
  public static final int MSG_DONTWAIT = 0x40;

  /** {@code MSG_TRUNC}: report a datagram's real length even when it did not fit. */
  public static final int MSG_TRUNC = 0x20;

  /** Size of {@code struct iovec}. */
  public static final int IOVEC_SIZE = 16;

  /** Size of {@code struct mmsghdr}. */
  public static final int MMSGHDR_SIZE = 64;

  /** Offset of {@code msg_iov} in {@code struct mmsghdr}. */
  public static final int MMSG_IOV_OFFSET = 16;

  /** Offset of {@code msg_iovlen} in {@code struct mmsghdr}. */
  public static final int MMSG_IOVLEN_OFFSET = 24;

  /** Offset of {@code msg_flags} in {@code struct mmsghdr}. */
  public static final int MMSG_FLAGS_OFFSET = 48;

  /** Offset of {@code msg_len} in {@code struct mmsghdr}. */
  public static final int MMSG_LEN_OFFSET = 56;

  private static final MethodHandle SOCKET =
      Libc.bind(
          "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Libc.ERRNO);
  private static final MethodHandle BIND =
      Libc.bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), Libc.ERRNO);
  private static final MethodHandle SETSOCKOPT =
      Libc.bind(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
          Libc.ERRNO);
  private static final MethodHandle IF_NAMETOINDEX =
      Libc.bind("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS), Libc.ERRNO);
  private static final MethodHandle SENDMMSG =
      Libc.bind(
          "sendmmsg",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT),
          Libc.ERRNO);
  private static final MethodHandle RECVMMSG =
      Libc.bind(
          "recvmmsg",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG),
          Libc.ERRNO);

  private Sockets() {}

  /** {@code socket(domain, type, protocol)}: a descriptor, or -1 with {@code errno} set. */
  public static int socket(
      final Errno errno, final int domain, final int type, final int protocol) {
    try {
      return (int) SOCKET.invokeExact(errno.state(), domain, type, protocol);
    } catch (final Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** {@code bind(fd, address, address.byteSize())}: 0, or -1 with {@code errno} set. */
  public static int bind(final Errno errno, final int fd, final MemorySegment address) {
    try {
      return (int) BIND.invokeExact(errno.state(), fd, address, (int) address.byteSize());
    } catch (final Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** {@code setsockopt} with an {@code int} value: 0, or -1 with {@code errno} set. */
  public static int setsockopt(
      final Errno errno, final int fd, final int level, final int option, final int value) {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment v = arena.allocateFrom(JAVA_INT, value);
      return (int) SETSOCKOPT.invokeExact(errno.state(), fd, level, option, v, 4);
    } catch (final Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** {@code if_nametoindex(name)}: the interface index, or 0 with {@code errno} set. */
  public static int ifNameToIndex(final Errno errno, final String name) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) IF_NAMETOINDEX.invokeExact(errno.state(), arena.allocateFrom(name));
    } catch (final Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * {@code sendmmsg(fd, messages, count, flags)} over an array of {@code struct mmsghdr} at a
   * native address.
   *
   * @return messages sent, or -1 with {@code errno} set (the first message failed).
   */
  public static int sendmmsg(
      final Errno errno, final int fd, final long messages, final int count, final int flags) {
    try {
      return (int) SENDMMSG.invokeExact(errno.state(), fd, messages, count, flags);
    } catch (final Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * {@code recvmmsg(fd, messages, count, flags, NULL)}: without a timeout.
   *
   * @return messages received (each one's length in its {@code msg_len}), or -1 with {@code errno}
   *     set ({@link Errno#EAGAIN} when nothing is waiting on a non-blocking socket).
   */
  public static int recvmmsg(
      final Errno errno, final int fd, final long messages, final int count, final int flags) {
    try {
      return (int) RECVMMSG.invokeExact(errno.state(), fd, messages, count, flags, 0L);
    } catch (final Throwable t) {
      throw Libc.rethrow(t);
    }
  }
}
