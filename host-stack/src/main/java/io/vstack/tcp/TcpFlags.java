package io.vstack.tcp;

/** TCP header control bits as they sit in the flags octet (RFC 9293, RFC 3168 for ECE/CWR). */
public final class TcpFlags {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int URG = 0x20;
  public static final int ECE = 0x40;
  public static final int CWR = 0x80;

  private TcpFlags() {}

  /** True when every bit of {@code mask} is set in {@code flags}. */
  public static boolean has(final int flags, final int mask) {
    return (flags & mask) == mask;
  }

  /** Short human form such as {@code "SYN|ACK"}, for test messages and traces (allocates). */
  public static String toString(final int flags) {
    final StringBuilder text = new StringBuilder();
    final String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    for (int bit = 0; bit < names.length; bit++) {
      if ((flags & (1 << bit)) != 0) {
        if (!text.isEmpty()) {
          text.append('|');
        }
        text.append(names[bit]);
      }
    }
    return text.isEmpty() ? "-" : text.toString();
  }
}
