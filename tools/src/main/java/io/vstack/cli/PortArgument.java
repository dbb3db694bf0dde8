package io.vstack.cli;

import io.vstack.libc.Errno;
import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.port.Port;
import io.vstack.port.PortException;
import io.vstack.port.PortSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link PortSpec} given on the command line ({@code --port tap:vs0}): parsing and opening it
 * with every failure turned into a one-line {@link UserException} with the right exit code.
 */
final class PortArgument {
  private PortArgument() {}

  /**
   * Parses {@code KIND:ARGUMENT}, one of {@link PortSpec#COMMAND_LINE}.
   *
   * @throws UserException (exit 2) saying what is wrong and which forms exist.
   */
  static PortSpec parse(final String text) {
    try {
      return PortSpec.parse(text, PortSpec.COMMAND_LINE);
    } catch (final IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /**
   * Opens the port.
   *
   * @throws UserException with the port's own one-line reason: exit 2 when the device or file does
   *     not exist or is not a capture, 1 otherwise (e.g. not root).
   */
  static Port open(final PortSpec spec, final PortSpec.Use use) {
    try {
      return spec.open(use);
    } catch (final PortException e) {
      throw new UserException(
          e.getMessage(), e.errno() == Errno.ENODEV ? ExitCodes.USAGE : ExitCodes.FAILED);
    } catch (final IllegalArgumentException | CaptureFormatException e) {
      throw usage(e.getMessage());
    } catch (final IOException e) {
      throw usage(IoErrors.describe(Path.of(spec.argument()), e));
    }
  }

  /**
   * The format a file name asks for ({@link PortSpec#formatOf}).
   *
   * @throws UserException (exit 2) for a name that is neither {@code *.pcap} nor {@code *.pcapng}.
   */
  static CaptureFormat formatOf(final Path path) {
    try {
      return PortSpec.formatOf(path);
    } catch (final IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private static UserException usage(final String message) {
    return new UserException(message, ExitCodes.USAGE);
  }
}
