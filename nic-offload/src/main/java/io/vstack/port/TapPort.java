package io.vstack.port;

import io.vstack.libc.Errno;
import io.vstack.libc.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TAP device as a port, driven entirely through FFM: frames the kernel sends out of the
 * device are {@link #receive received} here, frames {@link #transmit transmitted} here enter the
 * kernel as if they arrived on it.
 *
 * <p>{@link #open} opens {@code /dev/net/tun} non-blocking and attaches it with {@code
 * ioctl(TUNSETIFF)} to the TAP of that name ({@code IFF_TAP | IFF_NO_PI}: plain Ethernet frames, no
 * packet-information prefix), creating the device if needed. Everything else is the caller's, with
 * iproute2 (or any netlink tool): moving the device into a namespace, addresses, MTU and bringing
 * it up ({@code ip link set <dev> up}); the kernel refuses to take frames ({@code EIO}, counted as
 * dropped) while it is down. {@link #close()} closes the descriptor, and a device that is not
 * persistent disappears with it.
 *
 * <p>{@link #receive} reads straight into the batch's slots, one {@code read(2)} per frame, until
 * the batch is full or the kernel has nothing ({@code EAGAIN}: not an error). Slots must hold
 * {@link #maxFrameLength()} bytes, or longer frames are cut. Unexpected errors are counted in
 * {@link PortCounters#errors()} with the last {@code errno} kept in {@link #lastErrno()}; the hot
 * path neither throws nor allocates.
 *
 * <pre>
 *   struct ifreq (40 bytes on 64-bit Linux):
 *   | ifr_name: char[16], NUL-terminated | ifr_flags: short | padding to 40 |
 *   0                                    16                 18              40
 * </pre>
 */
public final class TapPort extends DescriptorPort {
  /** Longest interface name, without its NUL (IFNAMSIZ - 1). */
  public static final int MAX_NAME_LENGTH = 15;

  /** Default largest frame: a 1500-byte MTU plus the Ethernet header. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 1514;

  static final String TUN_DEVICE = "/dev/net/tun";
  static final long TUNSETIFF = 0x400454CAL; // _IOW('T', 202, int)
  static final short IFF_TAP = 0x0002;
  static final short IFF_NO_PI = 0x1000;
  static final int IFREQ_SIZE = 40;
  static final int IFR_FLAGS_OFFSET = 16;

  private final String deviceName;

  private TapPort(
      final int fd, final String deviceName, final int maxFrameLength, final Errno errno) {
    super(fd, "tap:" + deviceName, maxFrameLength, errno);
    this.deviceName = deviceName;
  }

  /** Attaches to (creating if needed) the TAP {@code deviceName}, frames up to 1514 bytes. */
  public static TapPort open(final String deviceName) {
    return open(deviceName, DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * Attaches to (creating if needed) a TAP device.
   *
   * @param deviceName 1 to 15 characters; a {@code %d} in it lets the kernel pick a number (see
   *     {@link #deviceName()}).
   * @param maxFrameLength the largest frame taken or delivered: the device's MTU + 14 (+ 4 with
   *     VLAN tags), 14 to 65535.
   * @throws PortException with the reason and what to do when the device cannot be opened.
   */
  public static TapPort open(final String deviceName, final int maxFrameLength) {
    checkName(deviceName);
    if (maxFrameLength < 14 || maxFrameLength > 65535) {
      throw new IllegalArgumentException(
          "maxFrameLength must be in [14, 65535]: " + maxFrameLength);
    }
    final Errno errno = new Errno();
    final int fd = Libc.open(errno, TUN_DEVICE, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
    if (fd < 0) {
      final int error = errno.value();
      errno.close();
      throw new PortException(openFailure(error), error);
    }
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment ifreq = arena.allocate(IFREQ_SIZE, 8);
      final byte[] nameBytes = deviceName.getBytes(StandardCharsets.US_ASCII);
      MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
      ifreq.set(ValueLayout.JAVA_SHORT, IFR_FLAGS_OFFSET, (short) (IFF_TAP | IFF_NO_PI));
      if (Libc.ioctl(errno, fd, TUNSETIFF, ifreq) < 0) {
        final int error = errno.value();
        Libc.close(errno, fd);
        errno.close();
        throw new PortException(attachFailure(deviceName, error), error);
      }
      return new TapPort(fd, ifreq.getString(0, StandardCharsets.US_ASCII), maxFrameLength, errno);
    }
  }

  /** The device's name as the kernel has it (a {@code %d} in the requested name is filled in). */
  public String deviceName() {
    return deviceName;
  }

  @Override
  public int receive(final FrameBatch batch) {
    if (fd < 0) {
      return 0;
    }
    int received = 0;
    while (batch.remaining() > 0) {
      final int index = batch.claim();
      final long n = Libc.read(errno, fd, batch.address(index), batch.frameCapacity());
      if (n < 0) {
        batch.removeLast();
        final int error = errno.value();
        if (error != Errno.EAGAIN) {
          failed(error);
        }
        break;
      }
      if (n > maxFrameLength) {
        batch.removeLast();
        counters.onRxDropped();
        continue;
      }
      batch.length(index, (int) n);
      counters.onReceive((int) n);
      received++;
    }
    return received;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    if (fd < 0) {
      return 0;
    }
    final int size = batch.size();
    for (int i = 0; i < size; i++) {
      final int length = batch.length(i);
      if (length > maxFrameLength) {
        counters.onTxDropped();
        continue;
      }
      if (Libc.write(errno, fd, batch.address(i), length) < 0) {
        final int error = errno.value();
        if (error == Errno.EAGAIN) {
          return i;
        }
        counters.onTxDropped();
        if (error != Errno.EIO) {
          failed(error);
        }
        continue;
      }
      counters.onTransmit(length);
    }
    return size;
  }

  private static void checkName(final String deviceName) {
    if (deviceName.isEmpty() || deviceName.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "TAP name '" + deviceName + "' must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < deviceName.length(); i++) {
      final char c = deviceName.charAt(i);
      if (c <= ' ' || c >= 0x7F || c == '/' || c == ':') {
        throw new IllegalArgumentException(
            "TAP name '"
                + deviceName
                + "' may not contain spaces, '/', ':' or non-ASCII characters");
      }
    }
    if (deviceName.equals(".") || deviceName.equals("..")) {
      throw new IllegalArgumentException(
          "TAP name '" + deviceName + "' is not a valid interface name");
    }
  }

  /** The message for a failed {@code open("/dev/net/tun")}. */
  static String openFailure(final int error) {
    final String hint =
        switch (error) {
          case Errno.EACCES, Errno.EPERM -> " (need root or CAP_NET_ADMIN)";
          case Errno.ENOENT ->
              " (no TUN/TAP support: load it with `modprobe tun` or create the node with"
                  + " `mknod /dev/net/tun c 10 200`)";
          default -> "";
        };
    return "cannot open " + TUN_DEVICE + ": " + Libc.strerror(error) + hint;
  }

  /** The message for a failed {@code ioctl(TUNSETIFF)}. */
  static String attachFailure(final String deviceName, final int error) {
    final String hint =
        switch (error) {
          case Errno.EPERM, Errno.EACCES ->
              " (need root or CAP_NET_ADMIN, or a persistent TAP owned by this user)";
          case Errno.EBUSY -> " (another process has this TAP open)";
          case Errno.EINVAL ->
              " (a device of that name exists and is not a TAP; pick another name)";
          default -> "";
        };
    return "cannot create or attach TAP " + deviceName + ": " + Libc.strerror(error) + hint;
  }
}
