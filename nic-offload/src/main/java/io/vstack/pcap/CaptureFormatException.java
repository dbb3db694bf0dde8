package io.vstack.pcap;

/**
 * A capture file that cannot be read: not a capture, truncated, corrupt, or of a link type other
 * than Ethernet. The message is one line naming the file, the packet being read (1-based; 0 for the
 * file header) and the byte offset where the problem is.
 */
public final class CaptureFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long packetNumber;
  private final long byteOffset;

  /**
   * @param source the file's name, for the message.
   * @param packetNumber the 1-based number of the packet being read; 0 for the file header.
   * @param byteOffset where in the file the offending header or block starts.
   * @param problem what is wrong, e.g. {@code "file ends inside the packet: 40 of 60 bytes"}.
   */
  public CaptureFormatException(
      final String source, final long packetNumber, final long byteOffset, final String problem) {
    super(
        source
            + ": "
            + (packetNumber == 0 ? "file header" : "packet " + packetNumber)
            + " at byte offset "
            + byteOffset
            + ": "
            + problem);
    this.packetNumber = packetNumber;
    this.byteOffset = byteOffset;
  }

  /** The 1-based number of the packet being read when the problem was found; 0 for the header. */
  public long packetNumber() {
    return packetNumber;
  }

  /** Offset in the file of the header or block that is wrong. */
  public long byteOffset() {
    return byteOffset;
  }
}
