package io.vstack.flow.match;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only builder of raw frames, header by header, in network byte order. Length fields of IPv4,
 * IPv6 and UDP are filled in by {@link #bytes()} to cover the rest of the frame, so tshark decodes
 * the whole stack; checksums stay zero.
 */
final class Frames {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<int[]> lengthFields = new ArrayList<>();

  static Frames frame() {
    return new Frames();
  }

  Frames eth(final long dst, final long src, final int type) {
    put(dst, 6).put(src, 6).put(type, 2);
    return this;
  }

  /** 802.1Q tag body (the TPID is the previous header's type). */
  Frames vlan(final int pcp, final int dei, final int vid, final int innerType) {
    return put(pcp << 13 | dei << 12 | vid, 2).put(innerType, 2);
  }

  Frames ipv4(final int tos, final int ttl, final int proto, final String src, final String dst) {
    return ipv4(5, 0, tos, ttl, proto, src, dst);
  }

  Frames ipv4(
      final int ihl,
      final int fragment,
      final int tos,
      final int ttl,
      final int proto,
      final String src,
      final String dst) {
    lengthFields.add(new int[] {out.size() + 2, out.size()});
    put(0x40 | ihl, 1)
        .put(tos, 1)
        .put(20, 2)
        .put(0x1234, 2)
        .put(fragment, 2)
        .put(ttl, 1)
        .put(proto, 1)
        .put(0, 2);
    out.writeBytes(address(src));
    out.writeBytes(address(dst));
    return ihl > 5 ? put(0, (ihl - 5) * 4) : this;
  }

  Frames ipv6(
      final int tc,
      final int flow,
      final int nextHeader,
      final int hop,
      final String src,
      final String dst) {
    lengthFields.add(new int[] {out.size() + 4, out.size() + 40});
    put(6L << 28 | (long) tc << 20 | flow, 4).put(0, 2).put(nextHeader, 1).put(hop, 1);
    out.writeBytes(address(src));
    out.writeBytes(address(dst));
    return this;
  }

  Frames udp(final int src, final int dst) {
    lengthFields.add(new int[] {out.size() + 4, out.size()});
    return put(src, 2).put(dst, 2).put(8, 2).put(0, 2);
  }

  Frames tcp(final int src, final int dst, final int flags) {
    return put(src, 2)
        .put(dst, 2)
        .put(1, 4)
        .put(0, 4)
        .put(0x50, 1)
        .put(flags, 1)
        .put(0xFFFF, 2)
        .put(0, 4);
  }

  Frames icmp(final int type, final int code, final int ident, final int seq) {
    return put(type, 1).put(code, 1).put(0, 2).put(ident, 2).put(seq, 2);
  }

  Frames vxlan(final int vni) {
    return put(0x08, 1).put(0, 3).put(vni, 3).put(0, 1);
  }

  Frames geneve(final int vni, final int protocol, final int optionWords) {
    put(optionWords & 0x3F, 1).put(0, 1).put(protocol, 2).put(vni, 3).put(0, 1);
    return put(0, optionWords * 4);
  }

  Frames payload(final int bytes) {
    return put(0, bytes);
  }

  byte[] bytes() {
    final byte[] frame = out.toByteArray();
    for (final int[] field : lengthFields) {
      final int length = frame.length - field[1];
      frame[field[0]] = (byte) (length >>> 8);
      frame[field[0] + 1] = (byte) length;
    }
    return frame;
  }

  private Frames put(final long value, final int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write(i < 8 ? (int) (value >>> (8 * i)) : 0);
    }
    return this;
  }

  private static byte[] address(final String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (final UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
