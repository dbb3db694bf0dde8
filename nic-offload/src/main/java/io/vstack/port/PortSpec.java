package io.vstack.port;

import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * A port named in text, {@code KIND:ARGUMENT}, as the command line ({@code vstack replay --port},
 * {@code vstack capture --port}) and the config's {@code ports} section write it:
 *
 * <ul>
 *   <li>{@code memory:NAME}: an in-process wire ({@link MemoryPort}; opened in pairs, not here);
 *   <li>{@code tap:NAME}: a TAP device (created if missing; it must be up to take frames);
 *   <li>{@code packet:IFACE}: an existing interface through an AF_PACKET socket;
 *   <li>{@code pcap:FILE}: a capture file, written when frames are sent to it, read when captured
 *       from;
 *   <li>{@code dpdk:DEVICE[,ARGS]}: a DPDK ethdev, a vdev ({@code net_tap0,iface=vs0}) or a PCI
 *       address with optional devargs; the daemon opens these through the one {@code
 *       io.vstack.dpdk.Eal} of the process (the command line does not take them yet).
 * </ul>
 *
 * <p>Each user accepts a subset of the kinds ({@link #COMMAND_LINE}, {@link #CONFIG}); a new kind
 * is one more {@link Kind} and one more case in {@link #open}.
 *
 * @param kind what the port is.
 * @param argument the part after the colon.
 */
public record PortSpec(Kind kind, String argument) {
  /** The kinds of port. */
  public enum Kind {
    MEMORY("NAME"),
    TAP("NAME"),
    PACKET("IFACE"),
    PCAP("FILE"),
    DPDK("DEVICE[,ARGS]");

    private final String placeholder;

    Kind(final String placeholder) {
      this.placeholder = placeholder;
    }

    /** The spec prefix, e.g. {@code tap}. */
    public String prefix() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The form shown in messages, e.g. {@code tap:NAME}. */
    public String form() {
      return prefix() + ":" + placeholder;
    }
  }

  /** What the port will be used for: a pcap port is written to or read from accordingly. */
  public enum Use {
    SEND,
    CAPTURE
  }

  /**
   * Kinds a command that sends or captures frames takes ({@code memory} needs a peer in-process,
   * {@code dpdk} an EAL started for the daemon's ports).
   */
  public static final Set<Kind> COMMAND_LINE = Set.of(Kind.TAP, Kind.PACKET, Kind.PCAP);

  /** Kinds the daemon's {@code ports} section takes. */
  public static final Set<Kind> CONFIG =
      Set.of(Kind.MEMORY, Kind.TAP, Kind.PACKET, Kind.PCAP, Kind.DPDK);

  /** Largest frame a pcap port takes when sent to. */
  public static final int PCAP_MAX_FRAME_LENGTH = 65_535;

  /**
   * A spec that cannot be parsed; {@link #unknownKind()} tells a wrong kind from a wrong argument.
   */
  public static final class PortSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final boolean unknownKind;

    PortSpecException(final String message, final boolean unknownKind) {
      super(message);
      this.unknownKind = unknownKind;
    }

    /** Whether the text has no kind or one not accepted (rather than a bad argument). */
    public boolean unknownKind() {
      return unknownKind;
    }
  }

  /**
   * The accepted forms, in {@link Kind} order, e.g. {@code tap:NAME, packet:IFACE or pcap:FILE}.
   */
  public static String forms(final Set<Kind> accepted) {
    final List<String> forms = new ArrayList<>();
    for (final Kind kind : Kind.values()) {
      if (accepted.contains(kind)) {
        forms.add(kind.form());
      }
    }
    final int last = forms.size() - 1;
    return last <= 0
        ? String.join("", forms)
        : String.join(", ", forms.subList(0, last)) + " or " + forms.get(last);
  }

  /**
   * Parses {@code KIND:ARGUMENT}, one of the {@code accepted} kinds.
   *
   * @throws PortSpecException one line saying what is wrong and which forms exist.
   */
  public static PortSpec parse(final String text, final Set<Kind> accepted) {
    final String forms = forms(accepted);
    final int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new PortSpecException("port '" + text + "' has no kind: use " + forms, true);
    }
    final String prefix = text.substring(0, colon);
    final String argument = text.substring(colon + 1);
    for (final Kind kind : Kind.values()) {
      if (kind == Kind.DPDK && kind.prefix().equals(prefix) && !accepted.contains(kind)) {
        throw new PortSpecException(
            "dpdk ports are taken by the daemon's config only, not here; use " + forms, false);
      }
      if (kind.prefix().equals(prefix) && accepted.contains(kind)) {
        if (argument.isEmpty()) {
          throw new PortSpecException(
              "port '" + text + "' names no " + (kind == Kind.PCAP ? "file" : "device"), false);
        }
        if (kind != Kind.PCAP && kind != Kind.DPDK && argument.length() > TapPort.MAX_NAME_LENGTH) {
          throw new PortSpecException(
              "expected a name of at most "
                  + TapPort.MAX_NAME_LENGTH
                  + " characters, got '"
                  + argument
                  + "'",
              false);
        }
        return new PortSpec(kind, argument);
      }
    }
    throw new PortSpecException(
        "unknown port kind '" + prefix + "' in '" + text + "': use " + forms, true);
  }

  /**
   * Opens the port.
   *
   * @throws PortException with the port's own one-line reason (e.g. no such device, not root).
   * @throws CaptureFormatException when a pcap port read from is not an Ethernet capture.
   * @throws IOException when a pcap file cannot be opened or created.
   * @throws IllegalArgumentException for a memory port (opened in pairs by {@link
   *     MemoryPort#pair}), a dpdk port (opened by the daemon through the EAL) or a pcap file name
   *     that names no format.
   */
  public Port open(final Use use) throws IOException, CaptureFormatException {
    return switch (kind) {
      case TAP -> TapPort.open(argument);
      case PACKET -> PacketPort.open(argument);
      case PCAP -> openCapture(use);
      case MEMORY ->
          throw new IllegalArgumentException(
              "port '" + this + "' is an in-process wire: it is opened in pairs, not alone");
      case DPDK ->
          throw new IllegalArgumentException(
              "port '" + this + "' is a DPDK ethdev: the daemon opens it through the EAL");
    };
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
   * @throws IllegalArgumentException for any other name, saying how to name it.
   */
  public static CaptureFormat formatOf(final Path path) {
    final String name = path.getFileName().toString();
    if (name.endsWith(".pcapng")) {
      return CaptureFormat.PCAPNG;
    }
    if (name.endsWith(".pcap")) {
      return CaptureFormat.PCAP_NANOS;
    }
    throw new IllegalArgumentException(
        "cannot tell the capture format of " + path + ": name it *.pcap or *.pcapng");
  }

  @Override
  public String toString() {
    return kind.prefix() + ":" + argument;
  }
}
