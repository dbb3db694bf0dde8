package io.vstack.flow;

/** How the value of an {@link ItemField} is written in testpmd syntax. */
public enum FieldKind {
  /** Unsigned integer, printed in decimal. */
  NUMBER,
  /** Unsigned integer that reads better in hex (EtherTypes, flags), printed as {@code 0x..}. */
  HEX,
  /** 48-bit MAC address, {@code aa:bb:cc:dd:ee:ff}. */
  MAC,
  /** IPv4 address, dotted quad. */
  IPV4,
  /** IPv6 address, RFC 5952 text. */
  IPV6
}
