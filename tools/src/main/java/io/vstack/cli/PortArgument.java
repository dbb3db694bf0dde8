package io.vstack.cli;

import io.vstack.libc.Errno;
import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.port.PacketPort;
import io.vstack.port.PcapPort;
import io.vstack.port.Port;
import io.vstack.port.PortException;
import io.vstack.port.TapPort;
import java.io.IOException;
import java.nio.file.Path;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * A port named on the command line, {@code KIND:ARGUMENT}:
 *
 * <ul>
 *   <li>{@code tap:NAME}: a TAP device (created if missing; it must be up to take frames);
 *   <li>{@code packet:IFACE}: an existing interface through an AF_PACKET socket;
 *   <li>{@code pcap:FILE}: a capture file, written when frames are sent to it, read when captured
 *       from;
 *   <li>{@code dpdk:ARGS}: reserved for DPDK ethdevs, not in this build yet.
 * </ul>
 *
 * <p>New kinds are one more {@link Kind} and one more case in {@link #open}.
 *
 * @param kind what the port is.
 * @param argument the part after the colon.
 */
public record PortSpec(Kind kind, String argument) {
  /** The kinds of port the command line knows. */
  public enum Kind {
    TAP("tap"),
    PACKET("packet"),
    PCAP("pcap"),
    DPDK("dpdk");

    private final String prefix;

    Kind(final String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  /** What the port will be used for: a pcap port is written to or read from accordingly. */
  public enum Use {
    SEND,
    CAPTURE
  }

  /** Largest frame a pcap port takes when sent to. */
  public static final int PCAP_MAX_FRAME_LENGTH = 65_535;

  static final String FORMS = "tap:NAME, packet:IFACE or pcap:FILE";

  /**
   * Parses {@code KIND:ARGUMENT}.
   *
   * @throws UserException (exit 2) saying what is wrong and which forms exist.
   */
  public static PortSpec parse(final String text) {
    final int colon = text.indexOf(':');
    if (colon <= 0) {
      throw usage("port '" + text + "' has no kind: use " + FORMS);
    }
    final String prefix = text.substring(0, colon);
    final String argument = text.substring(colon + 1);
    for (final Kind kind : Kind.values()) {
      if (kind.prefix.equals(prefix)) {
        if (kind == Kind.DPDK) {
          throw usage("dpdk ports are not available in this build yet; use " + FORMS);
        }
        if (argument.isEmpty()) {
          throw usage("port '" + text + "' names no " + (kind == Kind.PCAP ? "file" : "device"));
        }
        return new PortSpec(kind, argument);
      }
    }
    throw usage("unknown port kind '" + prefix + "' in '" + text + "': use " + FORMS);
  }

  /**
   * Opens the port.
   *
   * @throws UserException with the port's own one-line reason: exit 2 when the device or file does
   *     not exist or is not a capture, 1 otherwise (e.g. not root).
   */
  public Port open(final Use use) {
    try {
      return switch (kind) {
        case TAP -> TapPort.open(argument);
        case PACKET -> PacketPort.open(argument);
        case PCAP -> openCapture(use);
        case DPDK -> throw new IllegalStateException("rejected by parse");
      };
    } catch (final PortException e) {
      throw new UserException(
          e.getMessage(), e.errno() == Errno.ENODEV ? ExitCodes.USAGE : ExitCodes.FAILED);
    } catch (final IllegalArgumentException e) {
      throw usage(e.getMessage());
    } catch (final CaptureFormatException e) {
      throw usage(e.getMessage());
    } catch (final IOException e) {
      throw usage(IoErrors.describe(Path.of(argument), e));
    }
  }

  private Port openCapture(final Use use) throws IOException, CaptureFormatException {
    final Path path = Path.of(argument);
    if (use == Use.CAPTURE) {
      return PcapPort.openForReading(path);
    }
    return PcapPort.createForWriting(
        path, formatOf(path), new SystemEpochNanoClock(), PCAP_MAX_FRAME_LENGTH);
  }

  /**
   * The format a file name asks for: pcapng for {@code .pcapng}, nanosecond pcap for {@code .pcap}.
   *
   * @throws UserException (exit 2) for any other name.
   */
  public static CaptureFormat formatOf(final Path path) {
    final String name = path.getFileName().toString();
    if (name.endsWith(".pcapng")) {
      return CaptureFormat.PCAPNG;
    }
    if (name.endsWith(".pcap")) {
      return CaptureFormat.PCAP_NANOS;
    }
    throw usage("cannot tell the capture format of " + path + ": name it *.pcap or *.pcapng");
  }

  private static UserException usage(final String message) {
    return new UserException(message, ExitCodes.USAGE);
  }

  @Override
  public String toString() {
    return kind.prefix + ":" + argument;
  }
}
