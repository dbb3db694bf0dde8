package io.vstack.port;

import io.vstack.libc.Errno;
import io.vstack.libc.Libc;
import io.vstack.libc.Sockets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A Linux network interface as a port, through an {@code AF_PACKET} raw socket driven by FFM:
 * {@link #transmit} puts whole Ethernet frames on the interface's wire, {@link #receive} takes the
 * frames that arrive on it (frames the host itself sends out of the interface are not seen: {@code
 * PACKET_IGNORE_OUTGOING}).
 *
 * <p>{@link #open} resolves the interface ({@code if_nametoindex}), opens a non-blocking socket
 * with protocol 0 (so nothing is queued before the bind), binds it with a {@code sockaddr_ll} for
 * every protocol ({@code ETH_P_ALL}) on that interface only, reads the MTU ({@code SIOCGIFMTU}) and
 * optionally sets {@code PACKET_QDISC_BYPASS}, which hands frames straight to the driver like a
 * traffic generator wants (no qdisc, no {@code tc}, no taps of outgoing traffic by other packet
 * sockets on the interface such as tcpdump <em>on the sending side</em>).
 *
 * <p>Both directions are batched: one {@code sendmmsg(2)} per burst of up to {@value #MAX_MESSAGES}
 * frames, one {@code recvmmsg(2)} per receive, straight from and into the batch's slots through
 * preallocated {@code mmsghdr}/{@code iovec} arrays. The hot path neither allocates nor throws:
 * {@code EAGAIN}/{@code ENOBUFS} on transmit mean "full, try again" (the frames not yet taken stay
 * with the caller); any other error drops the frame it happened on, counted, with the {@code errno}
 * kept in {@link #lastErrno()}.
 *
 * <pre>
 *   struct sockaddr_ll (20 bytes):
 *   | family: u16 = 17 | protocol: be16 | ifindex: i32 | hatype: u16 | pkttype: u8 | halen: u8 |
 *   0                  2                4              8             10            11          12
 *   | addr: u8[8] |
 *   12            20
 * </pre>
 */
public final class PacketPort extends DescriptorPort {
  /** Most frames handed to the kernel in one call ({@code UIO_MAXIOV}). */
  public static final int MAX_MESSAGES = 1024;

  static final short ETH_P_ALL = 0x0003;
  static final int SOL_PACKET = 263;
  static final int PACKET_QDISC_BYPASS = 20;
  static final int PACKET_IGNORE_OUTGOING = 23;
  static final long SIOCGIFMTU = 0x8921;
  static final int SOCKADDR_LL_SIZE = 20;
  static final int ETHERNET_HEADER_LENGTH = 14;
  static final int RCVBUF = 32 << 20;

  private final String interfaceName;
  private final int interfaceIndex;
  private final Arena arena;
  private final long txMessages;
  private final long rxMessages;
  private final UnsafeBuffer txTable;
  private final UnsafeBuffer rxTable;
  private final UnsafeBuffer from = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer to = new UnsafeBuffer(0, 0);

  private PacketPort(
      final int fd,
      final String interfaceName,
      final int interfaceIndex,
      final int maxFrameLength,
      final Errno errno) {
    super(fd, "packet:" + interfaceName, maxFrameLength, errno);
    this.interfaceName = interfaceName;
    this.interfaceIndex = interfaceIndex;
    this.arena = Arena.ofShared();
    final long tableBytes = (long) MAX_MESSAGES * (Sockets.MMSGHDR_SIZE + Sockets.IOVEC_SIZE);
    final MemorySegment tx = arena.allocate(tableBytes, 64);
    final MemorySegment rx = arena.allocate(tableBytes, 64);
    this.txMessages = tx.address();
    this.rxMessages = rx.address();
    this.txTable = new UnsafeBuffer(tx.address(), (int) tableBytes);
    this.rxTable = new UnsafeBuffer(rx.address(), (int) tableBytes);
    initialise(txTable, txMessages);
    initialise(rxTable, rxMessages);
  }

  /**
   * Opens the interface with {@code PACKET_QDISC_BYPASS} on.
   *
   * @throws PortException saying what failed and what to do (no such interface, not root, ...).
   */
  public static PacketPort open(final String interfaceName) {
    return open(interfaceName, true);
  }

  /**
   * Opens an interface.
   *
   * @param interfaceName e.g. {@code eth0} or one end of a veth pair.
   * @param qdiscBypass send straight to the driver, skipping the interface's queueing discipline.
   *     The port's {@link #maxFrameLength()} is the interface's MTU plus the 14-byte Ethernet
   *     header (no VLAN tag), read here.
   * @throws PortException saying what failed and what to do (no such interface, not root, ...).
   */
  public static PacketPort open(final String interfaceName, final boolean qdiscBypass) {
    final Errno errno = new Errno();
    try {
      final int index =
          interfaceName.isEmpty() || interfaceName.length() > TapPort.MAX_NAME_LENGTH
              ? 0
              : Sockets.ifNameToIndex(errno, interfaceName);
      if (index == 0) {
        throw new PortException(noSuchInterface(interfaceName), Errno.ENODEV);
      }
      final int fd =
          Sockets.socket(
              errno,
              Sockets.AF_PACKET,
              Sockets.SOCK_RAW | Sockets.SOCK_NONBLOCK | Sockets.SOCK_CLOEXEC,
              0);
      if (fd < 0) {
        final int error = errno.value();
        throw new PortException(socketFailure(interfaceName, error), error);
      }
      try {
        final int mtu = setUp(errno, fd, interfaceName, index, qdiscBypass);
        return new PacketPort(fd, interfaceName, index, mtu + ETHERNET_HEADER_LENGTH, errno);
      } catch (final RuntimeException e) {
        Libc.close(errno, fd);
        throw e;
      }
    } catch (final RuntimeException e) {
      errno.close();
      throw e;
    }
  }

  private static int setUp(
      final Errno errno,
      final int fd,
      final String interfaceName,
      final int index,
      final boolean qdiscBypass) {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment address = arena.allocate(SOCKADDR_LL_SIZE, 8);
      address.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_PACKET);
      address.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, ETH_P_ALL);
      address.set(ValueLayout.JAVA_INT, 4, index);
      if (Sockets.bind(errno, fd, address) < 0) {
        throw failure("cannot bind a packet socket to " + interfaceName, errno.value());
      }
      setOption(errno, fd, PACKET_IGNORE_OUTGOING, 1, interfaceName);
      // A deep receive queue rides out a few ms of not being scheduled at line rate; without
      // CAP_NET_ADMIN the kernel's rmem_max caps the plain request, which is fine too.
      if (Sockets.setsockopt(errno, fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUFFORCE, RCVBUF) < 0) {
        Sockets.setsockopt(errno, fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, RCVBUF);
      }
      if (qdiscBypass) {
        setOption(errno, fd, PACKET_QDISC_BYPASS, 1, interfaceName);
      }
      final MemorySegment ifreq = arena.allocate(TapPort.IFREQ_SIZE, 8);
      final byte[] nameBytes = interfaceName.getBytes(StandardCharsets.US_ASCII);
      MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
      if (Libc.ioctl(errno, fd, SIOCGIFMTU, ifreq) < 0) {
        throw failure("cannot read the MTU of " + interfaceName, errno.value());
      }
      return ifreq.get(ValueLayout.JAVA_INT, TapPort.IFR_FLAGS_OFFSET);
    }
  }

  private static void setOption(
      final Errno errno,
      final int fd,
      final int option,
      final int value,
      final String interfaceName) {
    if (Sockets.setsockopt(errno, fd, SOL_PACKET, option, value) < 0) {
      throw failure(
          "cannot set packet socket option " + option + " on " + interfaceName, errno.value());
    }
  }

  private static PortException failure(final String what, final int error) {
    return new PortException(what + ": " + Libc.strerror(error), error);
  }

  /** Points every {@code mmsghdr} of a table at its own single {@code iovec}. */
  private static void initialise(final UnsafeBuffer table, final long base) {
    table.setMemory(0, table.capacity(), (byte) 0);
    final long iovecs = base + (long) MAX_MESSAGES * Sockets.MMSGHDR_SIZE;
    for (int i = 0; i < MAX_MESSAGES; i++) {
      final int message = i * Sockets.MMSGHDR_SIZE;
      table.putLong(message + Sockets.MMSG_IOV_OFFSET, iovecs + (long) i * Sockets.IOVEC_SIZE);
      table.putLong(message + Sockets.MMSG_IOVLEN_OFFSET, 1L);
    }
  }

  /** The interface's name, e.g. {@code eth0}. */
  public String interfaceName() {
    return interfaceName;
  }

  /** The interface's index in its network namespace. */
  public int interfaceIndex() {
    return interfaceIndex;
  }

  @Override
  public int receive(final FrameBatch batch) {
    final int wanted = Math.min(batch.remaining(), MAX_MESSAGES);
    if (fd < 0 || wanted == 0) {
      return 0;
    }
    final int first = batch.size();
    final int iovecs = MAX_MESSAGES * Sockets.MMSGHDR_SIZE;
    for (int k = 0; k < wanted; k++) {
      final int index = batch.claim();
      rxTable.putLong(iovecs + k * Sockets.IOVEC_SIZE, batch.address(index));
      rxTable.putLong(iovecs + k * Sockets.IOVEC_SIZE + 8, batch.frameCapacity());
    }
    int received =
        Sockets.recvmmsg(errno, fd, rxMessages, wanted, Sockets.MSG_DONTWAIT | Sockets.MSG_TRUNC);
    if (received < 0) {
      final int error = errno.value();
      if (error != Errno.EAGAIN) {
        failed(error);
      }
      received = 0;
    }
    int kept = 0;
    for (int k = 0; k < received; k++) {
      final int length = rxTable.getInt(k * Sockets.MMSGHDR_SIZE + Sockets.MMSG_LEN_OFFSET);
      if (length > maxFrameLength || length > batch.frameCapacity()) {
        counters.onRxDropped();
        continue;
      }
      if (kept != k) {
        // Only after a dropped frame: close the gap so the batch's frames stay contiguous.
        from.wrap(batch.address(first + k), length);
        to.wrap(batch.address(first + kept), length);
        to.putBytes(0, from, 0, length);
      }
      batch.length(first + kept, length);
      counters.onReceive(length);
      kept++;
    }
    for (int k = kept; k < wanted; k++) {
      batch.removeLast();
    }
    return kept;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    if (fd < 0) {
      return 0;
    }
    final int size = batch.size();
    final int iovecs = MAX_MESSAGES * Sockets.MMSGHDR_SIZE;
    int start = 0;
    while (start < size) {
      int end = start;
      while (end < size && end - start < MAX_MESSAGES && batch.length(end) <= maxFrameLength) {
        final int iovec = iovecs + (end - start) * Sockets.IOVEC_SIZE;
        txTable.putLong(iovec, batch.address(end));
        txTable.putLong(iovec + 8, batch.length(end));
        end++;
      }
      if (end == start) {
        counters.onTxDropped(); // longer than the MTU
        start++;
        continue;
      }
      final int sent = Sockets.sendmmsg(errno, fd, txMessages, end - start, Sockets.MSG_DONTWAIT);
      if (sent < 0) {
        final int error = errno.value();
        if (error == Errno.EAGAIN || error == Errno.ENOBUFS) {
          return start;
        }
        counters.onTxDropped();
        failed(error);
        start++;
        continue;
      }
      long bytes = 0;
      for (int k = 0; k < sent; k++) {
        bytes += batch.length(start + k);
      }
      counters.onTransmit(sent, bytes);
      start += sent;
    }
    return size;
  }

  /** Frees the message tables once the socket is closed. */
  @Override
  void released() {
    arena.close();
  }

  /** The message for an interface that does not exist. */
  static String noSuchInterface(final String interfaceName) {
    return "no such interface "
        + interfaceName
        + " (list this namespace's interfaces with `ip link`)";
  }

  /** The message for a failed {@code socket(AF_PACKET, SOCK_RAW, 0)}. */
  static String socketFailure(final String interfaceName, final int error) {
    final String hint =
        switch (error) {
          case Errno.EPERM, Errno.EACCES -> " (needs root or CAP_NET_RAW)";
          case 97 -> " (this kernel has no AF_PACKET sockets)"; // EAFNOSUPPORT
          default -> "";
        };
    return "cannot open a packet socket on " + interfaceName + ": " + Libc.strerror(error) + hint;
  }
}
