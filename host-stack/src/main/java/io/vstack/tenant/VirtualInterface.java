package io.vstack.tenant;

import io.vstack.wire.Ipv6Address;
import io.vstack.wire.MacAddress;
import java.util.List;

/**
 * One virtual NIC of a tenant on this host: a virtual MAC and the virtual addresses behind it. The
 * stack answers ARP for these addresses with this MAC and accepts frames from the tenant only when
 * they carry an address the tenant owns.
 *
 * @param mac unicast, non-zero 48-bit MAC
 * @param ipv4 virtual IPv4 addresses (may be empty)
 * @param ipv6 virtual IPv6 addresses (may be empty)
 */
public record VirtualInterface(long mac, List<Integer> ipv4, List<Ipv6Address> ipv6) {
  public VirtualInterface {
    if (mac <= 0 || mac > MacAddress.BROADCAST || MacAddress.isMulticast(mac)) {
      throw new IllegalArgumentException(
          "virtual MAC must be unicast and non-zero: " + MacAddress.toString(mac));
    }
    ipv4 = List.copyOf(ipv4);
    ipv6 = List.copyOf(ipv6);
  }
}
