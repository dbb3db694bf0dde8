package io.vstack.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the packets of a pcap or pcapng file one at a time, checking every length against the file
 * and the block that holds it.
 *
 * <p>libpcap file: a 24-byte header, then records.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      magic A1B2C3D4 (us) / A1B23C4D (ns), in the file's order |
 * |        major (2)              |         minor (4)             |
 * |                   this zone (ignored)                         |
 * |                   sigfigs (ignored)                           |
 * |                   snaplen                                     |
 * | FCS |F|      reserved          |       link type              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * record: | seconds | micro/nanoseconds | captured length | original length | data ... |
 * </pre>
 *
 * <p>pcapng file: blocks of {@code | type | total length | body | total length |}, the total length
 * a multiple of 4 and equal at both ends. A Section Header Block (type {@code 0x0A0D0D0A}) starts
 * each section and sets its byte order with its byte-order magic {@code 0x1A2B3C4D}; Interface
 * Description Blocks (1) declare interfaces in order (link type, snaplen, {@code if_tsresol},
 * {@code if_tsoffset}); packets come in Enhanced (6), Simple (3) or obsolete (2) Packet Blocks.
 * Every other block type is skipped by its total length. A Simple Packet Block has no timestamp: it
 * is given the timestamp of the packet before it.
 *
 * <p>Only Ethernet captures are accepted; any other link type (e.g. Linux cooked captures from
 * {@code -i any}) fails with a message naming it. Blocks over {@value #MAX_BLOCK_LENGTH} bytes and
 * packets over {@value #MAX_PACKET_LENGTH} bytes are rejected as corrupt, as Wireshark does.
 *
 * <p>{@link #next()} reuses one buffer: the {@link #packet()} view is valid until the next call.
 * Not thread-safe.
 */
public final class CaptureReader implements AutoCloseable {
  /** The largest captured packet accepted (Wireshark's standard maximum). */
  public static final int MAX_PACKET_LENGTH = 262_144;

  /** The largest pcapng block accepted. */
  public static final int MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

  static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
  static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
  static final int PCAP_HEADER_LENGTH = 24;
  static final int PCAP_RECORD_HEADER_LENGTH = 16;

  static final int BLOCK_SECTION_HEADER = 0x0A0D0D0A;
  static final int BLOCK_INTERFACE = 1;
  static final int BLOCK_PACKET_OBSOLETE = 2;
  static final int BLOCK_SIMPLE_PACKET = 3;
  static final int BLOCK_ENHANCED_PACKET = 6;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  static final int OPTION_END = 0;
  static final int OPTION_IF_TSRESOL = 9;
  static final int OPTION_IF_TSOFFSET = 14;

  private static final int BLOCK_HEADER_LENGTH = 8;
  private static final int MIN_BLOCK_LENGTH = 12;
  private static final int SHB_MIN_LENGTH = 28;
  private static final int IDB_MIN_LENGTH = 20;
  private static final int EPB_MIN_LENGTH = 32;
  private static final int SPB_MIN_LENGTH = 16;
  private static final int MAX_INTERFACES = 65_536;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final ReadableByteChannel channel;
  private final String source;
  private final CaptureFormat format;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
  private byte[] buf = new byte[64 * 1024];
  private ByteBuffer io = ByteBuffer.wrap(buf);
  private int start;
  private int end;
  private long startOffset;
  private ByteOrder order;
  private boolean pcapNanos;

  // pcapng interfaces of the current section
  private int interfaceCount;
  private int[] snapLengths = new int[4];
  private long[] resolutionCodes = new long[4];
  private long[] offsetSeconds = new long[4];

  private long packetNumber;
  private long packetOffset;
  private int capturedLength;
  private int originalLength;
  private int interfaceId;
  private long timestampNanos;

  private CaptureReader(final ReadableByteChannel channel, final String source)
      throws IOException, CaptureFormatException {
    this.channel = channel;
    this.source = source;
    view.wrap(buf);
    if (!ensure(4)) {
      throw error(0, "not a pcap or pcapng file: only " + available() + " bytes");
    }
    final int magic = view.getInt(start, ByteOrder.BIG_ENDIAN);
    if (magic == BLOCK_SECTION_HEADER) {
      format = CaptureFormat.PCAPNG;
      readSectionHeader();
    } else {
      format = readPcapHeader(magic);
    }
  }

  /** Opens a capture file and reads its header. */
  public static CaptureReader open(final Path path) throws IOException, CaptureFormatException {
    final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new CaptureReader(channel, path.toString());
    } catch (final IOException | CaptureFormatException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Reads a capture from any channel, e.g. {@code Channels.newChannel(inputStream)}; closing the
   * reader closes the channel.
   *
   * @param source the name used in error messages.
   */
  public static CaptureReader open(final ReadableByteChannel channel, final String source)
      throws IOException, CaptureFormatException {
    return new CaptureReader(channel, source);
  }

  /** The file's format; a pcapng file is {@link CaptureFormat#PCAPNG} whatever its resolution. */
  public CaptureFormat format() {
    return format;
  }

  /** The byte order of the file (for pcapng: of the current section). */
  public ByteOrder byteOrder() {
    return order;
  }

  /**
   * Advances to the next packet.
   *
   * @return false at the clean end of the file.
   * @throws CaptureFormatException when the file is truncated or corrupt from here on.
   */
  public boolean next() throws IOException, CaptureFormatException {
    return format == CaptureFormat.PCAPNG ? nextBlockPacket() : nextPcapRecord();
  }

  /**
   * The current packet's captured bytes, {@code [0, capturedLength())}; valid until {@link
   * #next()}.
   */
  public DirectBuffer packet() {
    return packet;
  }

  /** Bytes of the current packet in the file (less than the original when cut by the snaplen). */
  public int capturedLength() {
    return capturedLength;
  }

  /** Length of the current packet on the wire. */
  public int originalLength() {
    return originalLength;
  }

  /** Capture time of the current packet, in nanoseconds since the epoch. */
  public long timestampNanos() {
    return timestampNanos;
  }

  /** The pcapng interface (0-based, within its section) of the current packet; 0 for pcap. */
  public int interfaceId() {
    return interfaceId;
  }

  /** 1-based number of the current packet in the file. */
  public long packetNumber() {
    return packetNumber;
  }

  /** Byte offset in the file of the current packet's record or block. */
  public long packetOffset() {
    return packetOffset;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  // ---------------------------------------------------------------- libpcap

  private CaptureFormat readPcapHeader(final int magicBigEndian)
      throws IOException, CaptureFormatException {
    final CaptureFormat found;
    if (magicBigEndian == PCAP_MAGIC_MICROS || magicBigEndian == PCAP_MAGIC_NANOS) {
      order = ByteOrder.BIG_ENDIAN;
      found =
          magicBigEndian == PCAP_MAGIC_MICROS
              ? CaptureFormat.PCAP_MICROS
              : CaptureFormat.PCAP_NANOS;
    } else if (Integer.reverseBytes(magicBigEndian) == PCAP_MAGIC_MICROS
        || Integer.reverseBytes(magicBigEndian) == PCAP_MAGIC_NANOS) {
      order = ByteOrder.LITTLE_ENDIAN;
      found =
          Integer.reverseBytes(magicBigEndian) == PCAP_MAGIC_MICROS
              ? CaptureFormat.PCAP_MICROS
              : CaptureFormat.PCAP_NANOS;
    } else {
      throw error(
          0,
          String.format(
              "not a pcap or pcapng file: magic 0x%08X is none of A1B2C3D4, A1B23C4D, 0A0D0D0A",
              magicBigEndian));
    }
    pcapNanos = found == CaptureFormat.PCAP_NANOS;
    if (!ensure(PCAP_HEADER_LENGTH)) {
      throw error(0, "file ends inside the 24-byte pcap header after " + available() + " bytes");
    }
    final int major = view.getShort(start + 4, order) & 0xFFFF;
    if (major != 2) {
      throw error(
          0,
          "unsupported pcap version "
              + major
              + "."
              + (view.getShort(start + 6, order) & 0xFFFF)
              + ", expected 2.x");
    }
    final int network = view.getInt(start + 20, order);
    if ((network & 0x0400_0000) != 0) {
      throw error(
          0, "frames carry a " + ((network >>> 28) * 2) + "-byte FCS, which is not supported");
    }
    final int linkType = network & 0xFFFF;
    if (linkType != LinkType.ETHERNET) {
      throw error(0, LinkType.unsupported(linkType));
    }
    consume(PCAP_HEADER_LENGTH);
    return found;
  }

  private boolean nextPcapRecord() throws IOException, CaptureFormatException {
    final long number = packetNumber + 1;
    if (!ensure(PCAP_RECORD_HEADER_LENGTH)) {
      if (available() == 0) {
        return false;
      }
      throw error(
          number, "file ends inside the 16-byte record header after " + available() + " bytes");
    }
    final long seconds = view.getInt(start, order) & 0xFFFF_FFFFL;
    final long fraction = view.getInt(start + 4, order) & 0xFFFF_FFFFL;
    final long caplen = view.getInt(start + 8, order) & 0xFFFF_FFFFL;
    final long origlen = view.getInt(start + 12, order) & 0xFFFF_FFFFL;
    if (caplen > MAX_PACKET_LENGTH) {
      throw error(
          number,
          "captured length "
              + caplen
              + " exceeds the maximum "
              + MAX_PACKET_LENGTH
              + " (corrupt record)");
    }
    final int recordLength = PCAP_RECORD_HEADER_LENGTH + (int) caplen;
    if (!ensure(recordLength)) {
      throw error(
          number,
          "file ends inside the packet: "
              + (available() - PCAP_RECORD_HEADER_LENGTH)
              + " of "
              + caplen
              + " captured bytes present");
    }
    setPacket(
        number,
        start + PCAP_RECORD_HEADER_LENGTH,
        (int) caplen,
        clampLength(origlen),
        0,
        seconds * NANOS_PER_SECOND + (pcapNanos ? fraction : fraction * 1000));
    consume(recordLength);
    return true;
  }

  // ---------------------------------------------------------------- pcapng

  private boolean nextBlockPacket() throws IOException, CaptureFormatException {
    while (true) {
      final long number = packetNumber + 1;
      if (!ensure(BLOCK_HEADER_LENGTH)) {
        if (available() == 0) {
          return false;
        }
        throw error(number, "file ends inside a block header after " + available() + " bytes");
      }
      final int type = view.getInt(start, order);
      if (view.getInt(start, ByteOrder.BIG_ENDIAN) == BLOCK_SECTION_HEADER) {
        readSectionHeader();
        continue;
      }
      final int length = readBlock(number, view.getInt(start + 4, order));
      switch (type) {
        case BLOCK_INTERFACE -> readInterface(number, length);
        case BLOCK_ENHANCED_PACKET, BLOCK_PACKET_OBSOLETE -> {
          readPacketBlock(number, length, type == BLOCK_ENHANCED_PACKET);
          consume(length);
          return true;
        }
        case BLOCK_SIMPLE_PACKET -> {
          readSimplePacket(number, length);
          consume(length);
          return true;
        }
        default -> {
          // Name resolution, statistics, decryption secrets, custom blocks...: not needed here.
        }
      }
      consume(length);
    }
  }

  /**
   * Buffers the block at {@code start} whose header claims {@code totalLength}, checking both ends.
   */
  private int readBlock(final long number, final int totalLength)
      throws IOException, CaptureFormatException {
    final long length = totalLength & 0xFFFF_FFFFL;
    if (length < MIN_BLOCK_LENGTH || (length & 3) != 0) {
      throw error(
          number,
          "block total length "
              + length
              + " is not a multiple of 4 of at least 12 (corrupt block)");
    }
    if (length > MAX_BLOCK_LENGTH) {
      throw error(
          number,
          "block total length "
              + length
              + " exceeds the maximum "
              + MAX_BLOCK_LENGTH
              + " (corrupt block)");
    }
    if (!ensure((int) length)) {
      throw error(
          number,
          "file ends inside a block of " + length + " bytes after " + available() + " bytes");
    }
    final int trailer = view.getInt(start + (int) length - 4, order);
    if (trailer != totalLength) {
      throw error(
          number,
          "block total length "
              + length
              + " at its start but "
              + (trailer & 0xFFFF_FFFFL)
              + " at its end (corrupt block)");
    }
    return (int) length;
  }

  private void readSectionHeader() throws IOException, CaptureFormatException {
    final long number = packetNumber + 1;
    final long where = packetNumber == 0 ? 0 : number;
    if (!ensure(12)) {
      throw error(where, "file ends inside a section header block after " + available() + " bytes");
    }
    final int bom = view.getInt(start + 8, ByteOrder.BIG_ENDIAN);
    if (bom == BYTE_ORDER_MAGIC) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else {
      throw error(
          where,
          String.format("section header has byte-order magic 0x%08X, expected 1A2B3C4D", bom));
    }
    final int length = readBlock(where, view.getInt(start + 4, order));
    if (length < SHB_MIN_LENGTH) {
      throw error(where, "section header block of " + length + " bytes is shorter than 28");
    }
    final int major = view.getShort(start + 12, order) & 0xFFFF;
    if (major != 1) {
      throw error(
          where,
          "unsupported pcapng version "
              + major
              + "."
              + (view.getShort(start + 14, order) & 0xFFFF)
              + ", expected 1.x");
    }
    interfaceCount = 0;
    consume(length);
  }

  private void readInterface(final long number, final int length) throws CaptureFormatException {
    if (length < IDB_MIN_LENGTH) {
      throw error(number, "interface description block of " + length + " bytes is shorter than 20");
    }
    final int linkType = view.getShort(start + 8, order) & 0xFFFF;
    if (linkType != LinkType.ETHERNET) {
      throw error(number, "interface " + interfaceCount + ": " + LinkType.unsupported(linkType));
    }
    if (interfaceCount == MAX_INTERFACES) {
      throw error(number, "more than " + MAX_INTERFACES + " interfaces in one section");
    }
    final long snaplen = view.getInt(start + 12, order) & 0xFFFF_FFFFL;
    long resolution = 6;
    long offset = 0;
    final int optionsEnd = start + length - 4;
    int option = start + 16;
    while (option + 4 <= optionsEnd) {
      final int code = view.getShort(option, order) & 0xFFFF;
      final int optionLength = view.getShort(option + 2, order) & 0xFFFF;
      if (code == OPTION_END) {
        break;
      }
      final int value = option + 4;
      if (value + optionLength > optionsEnd) {
        throw error(
            number,
            "interface option " + code + " of " + optionLength + " bytes runs past its block");
      }
      if (code == OPTION_IF_TSRESOL && optionLength == 1) {
        resolution = view.getByte(value) & 0xFF;
      } else if (code == OPTION_IF_TSOFFSET && optionLength == 8) {
        offset = view.getLong(value, order);
      }
      option = value + ((optionLength + 3) & ~3);
    }
    if (interfaceCount == snapLengths.length) {
      snapLengths = Arrays.copyOf(snapLengths, interfaceCount * 2);
      resolutionCodes = Arrays.copyOf(resolutionCodes, interfaceCount * 2);
      offsetSeconds = Arrays.copyOf(offsetSeconds, interfaceCount * 2);
    }
    snapLengths[interfaceCount] =
        snaplen > MAX_PACKET_LENGTH || snaplen == 0 ? MAX_PACKET_LENGTH : (int) snaplen;
    resolutionCodes[interfaceCount] = resolution;
    offsetSeconds[interfaceCount] = offset;
    interfaceCount++;
  }

  private void readPacketBlock(final long number, final int length, final boolean enhanced)
      throws CaptureFormatException {
    final String kind = enhanced ? "enhanced packet block" : "packet block";
    if (length < EPB_MIN_LENGTH) {
      throw error(number, kind + " of " + length + " bytes is shorter than 32");
    }
    final int iface =
        enhanced ? view.getInt(start + 8, order) : view.getShort(start + 8, order) & 0xFFFF;
    if (iface < 0 || iface >= interfaceCount) {
      throw error(
          number,
          kind
              + " names interface "
              + (iface & 0xFFFF_FFFFL)
              + " but the section declares "
              + interfaceCount);
    }
    final long caplen = view.getInt(start + 20, order) & 0xFFFF_FFFFL;
    final long origlen = view.getInt(start + 24, order) & 0xFFFF_FFFFL;
    if (caplen > length - EPB_MIN_LENGTH) {
      throw error(
          number, "captured length " + caplen + " does not fit its " + length + "-byte " + kind);
    }
    final long ticks =
        ((view.getInt(start + 12, order) & 0xFFFF_FFFFL) << 32)
            | (view.getInt(start + 16, order) & 0xFFFF_FFFFL);
    final long nanos =
        toNanos(ticks, resolutionCodes[iface]) + offsetSeconds[iface] * NANOS_PER_SECOND;
    setPacket(number, start + 28, (int) caplen, clampLength(origlen), iface, nanos);
  }

  private void readSimplePacket(final long number, final int length) throws CaptureFormatException {
    if (length < SPB_MIN_LENGTH) {
      throw error(number, "simple packet block of " + length + " bytes is shorter than 16");
    }
    if (interfaceCount == 0) {
      throw error(number, "simple packet block before any interface description block");
    }
    final long origlen = view.getInt(start + 8, order) & 0xFFFF_FFFFL;
    final int caplen = (int) Math.min(Math.min(origlen, length - SPB_MIN_LENGTH), snapLengths[0]);
    setPacket(number, start + 12, caplen, clampLength(origlen), 0, timestampNanos);
  }

  /**
   * Converts a pcapng timestamp in units of {@code if_tsresol} to nanoseconds: the code's top bit
   * clear means units of 10^-code s, set means 2^-(code &amp; 0x7F) s.
   */
  static long toNanos(final long ticks, final long resolutionCode) {
    final int exponent = (int) (resolutionCode & 0x7F);
    if ((resolutionCode & 0x80) == 0) {
      if (exponent <= 9) {
        return ticks * POWERS_OF_TEN[9 - exponent];
      }
      return exponent - 9 > 19 ? 0 : Long.divideUnsigned(ticks, POWERS_OF_TEN[exponent - 9]);
    }
    if (exponent == 0) {
      return ticks * NANOS_PER_SECOND;
    }
    // ticks * 10^9 / 2^exponent, with the 128-bit product kept exact.
    final long high = Math.unsignedMultiplyHigh(ticks, NANOS_PER_SECOND);
    final long low = ticks * NANOS_PER_SECOND;
    return exponent >= 64
        ? high >>> (exponent - 64)
        : (high << (64 - exponent)) | (low >>> exponent);
  }

  private static final long[] POWERS_OF_TEN = {
    1L,
    10L,
    100L,
    1_000L,
    10_000L,
    100_000L,
    1_000_000L,
    10_000_000L,
    100_000_000L,
    1_000_000_000L,
    10_000_000_000L,
    100_000_000_000L,
    1_000_000_000_000L,
    10_000_000_000_000L,
    100_000_000_000_000L,
    1_000_000_000_000_000L,
    10_000_000_000_000_000L,
    100_000_000_000_000_000L,
    1_000_000_000_000_000_000L,
    -8_446_744_073_709_551_616L // 10^19 as an unsigned long
  };

  // ---------------------------------------------------------------- buffer

  private void setPacket(
      final long number,
      final int dataIndex,
      final int caplen,
      final int origlen,
      final int iface,
      final long nanos) {
    packetNumber = number;
    packetOffset = startOffset;
    capturedLength = caplen;
    originalLength = origlen;
    interfaceId = iface;
    timestampNanos = nanos;
    packet.wrap(buf, dataIndex, caplen);
  }

  private static int clampLength(final long length) {
    return (int) Math.min(length, Integer.MAX_VALUE);
  }

  private int available() {
    return end - start;
  }

  private void consume(final int length) {
    start += length;
    startOffset += length;
  }

  /**
   * Makes {@code [start, start + length)} of {@code buf} hold file bytes; false at end of file. The
   * buffer grows only as bytes actually arrive, so a corrupt length field in a short file cannot
   * make the reader allocate the block size it claims.
   */
  private boolean ensure(final int length) throws IOException {
    if (end - start >= length) {
      return true;
    }
    if (start + length > buf.length && start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    while (end - start < length) {
      if (end == buf.length) {
        buf = Arrays.copyOf(buf, Math.min(length, buf.length * 2));
        io = ByteBuffer.wrap(buf);
        view.wrap(buf);
      }
      io.limit(buf.length).position(end);
      final int read = channel.read(io);
      if (read < 0) {
        return false;
      }
      end += read;
    }
    return true;
  }

  private CaptureFormatException error(final long number, final String problem) {
    return new CaptureFormatException(source, number, startOffset, problem);
  }
}
