package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of a TCP segment, detached from any buffer (slow path, tests and tools: carries the
 * payload). Sequence numbers are raw 32-bit values.
 *
 * @param sourcePort source port
 * @param destinationPort destination port
 * @param sequenceNumber raw sequence number
 * @param acknowledgmentNumber raw acknowledgment number
 * @param flags the nine flag bits ({@code TcpSegment.FLAG_*})
 * @param window window field (unscaled)
 * @param urgentPointer urgent pointer
 * @param options the understood options
 * @param payload segment payload
 */
public record TcpRepr(
    int sourcePort,
    int destinationPort,
    int sequenceNumber,
    int acknowledgmentNumber,
    int flags,
    int window,
    int urgentPointer,
    TcpOptionsRepr options,
    Octets payload) {

  /** Reads a view that {@link TcpSegment#wrap} accepted (unknown options are dropped). */
  public static TcpRepr parse(final TcpSegment segment) {
    return new TcpRepr(
        segment.sourcePort(),
        segment.destinationPort(),
        segment.sequenceNumber(),
        segment.acknowledgmentNumber(),
        segment.flags(),
        segment.window(),
        segment.urgentPointer(),
        TcpOptionsRepr.parse(segment.options()),
        Octets.read(segment.buffer(), segment.payloadOffset(), segment.payloadLength()));
  }

  public int headerLength() {
    return TcpSegment.MIN_HEADER_LENGTH + options.length();
  }

  /** Header plus payload. */
  public int length() {
    return headerLength() + payload.length();
  }

  /**
   * Writes header, options, payload and checksum at {@code offset}.
   *
   * @param pseudoHeaderSum pseudo-header sum with its length left 0
   */
  public TcpSegment emit(
      final TcpSegment segment,
      final MutableDirectBuffer buffer,
      final int offset,
      final long pseudoHeaderSum) {
    segment
        .wrapForEmit(buffer, offset, length(), headerLength())
        .sourcePort(sourcePort)
        .destinationPort(destinationPort)
        .sequenceNumber(sequenceNumber)
        .acknowledgmentNumber(acknowledgmentNumber)
        .flags(flags)
        .window(window)
        .urgentPointer(urgentPointer);
    options.emit(buffer, segment.optionsOffset());
    payload.write(buffer, segment.payloadOffset());
    return segment.fillChecksum(pseudoHeaderSum);
  }
}
