package io.vstack.pcap;

/**
 * Link-layer header types of capture files (tcpdump.org LINKTYPE_ values). Only {@link #ETHERNET}
 * is read or written; the others are named so a rejection can say what the file holds.
 */
public final class LinkType {
  /** IEEE 802.3 Ethernet. */
  public static final int ETHERNET = 1;

  /** Linux cooked capture v1, what {@code tcpdump -i any} writes. */
  public static final int LINUX_SLL = 113;

  /** Linux cooked capture v2, what recent {@code tshark -i any} writes. */
  public static final int LINUX_SLL2 = 276;

  private LinkType() {}

  /** A readable name, e.g. {@code "LINUX_SLL (113, Linux cooked capture v1)"}. */
  public static String describe(final int linkType) {
    final String name =
        switch (linkType) {
          case 0 -> "NULL (0, BSD loopback)";
          case ETHERNET -> "ETHERNET (1)";
          case 101 -> "RAW (101, raw IP)";
          case 105 -> "IEEE802_11 (105, Wi-Fi)";
          case LINUX_SLL -> "LINUX_SLL (113, Linux cooked capture v1)";
          case 127 -> "IEEE802_11_RADIOTAP (127)";
          case 228 -> "IPV4 (228, raw IPv4)";
          case 229 -> "IPV6 (229, raw IPv6)";
          case LINUX_SLL2 -> "LINUX_SLL2 (276, Linux cooked capture v2)";
          default -> "link type " + linkType;
        };
    return name;
  }

  /** The message for a capture whose link type is not Ethernet. */
  static String unsupported(final int linkType) {
    final String hint =
        linkType == LINUX_SLL || linkType == LINUX_SLL2
            ? "; capture on one Ethernet interface (e.g. tshark -i veth0) instead of -i any"
            : "";
    return describe(linkType) + " is not supported, only ETHERNET (1)" + hint;
  }
}
