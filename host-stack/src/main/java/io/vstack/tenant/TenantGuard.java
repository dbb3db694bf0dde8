package io.vstack.tenant;

import io.vstack.wire.MacAddress;
import org.agrona.MutableDirectBuffer;

/**
 * Anti-spoofing for frames a local tenant sends: the source MAC must be one of the tenant's virtual
 * MACs, the IPv4/IPv6 source (or ARP sender address) one of its virtual addresses. Two exceptions
 * follow the protocols: an ARP probe (RFC 5227) has sender address 0.0.0.0, and IPv6 duplicate
 * address detection sends from {@code ::}.
 *
 * <p>One instance per thread (it holds the parsing views); allocation-free.
 */
public final class TenantGuard {
  private final InnerSource source = new InnerSource();
  private TenantRegistry registry;

  public TenantGuard(final TenantRegistry registry) {
    this.registry = registry;
  }

  /** Switches to a new registry after a configuration change (same thread as the checks). */
  public void registry(final TenantRegistry registry) {
    this.registry = registry;
  }

  /** The parsed claims of the last frame checked. */
  public InnerSource source() {
    return source;
  }

  /** Checks a frame sent by the tenant in {@code slot}. */
  public TenantDrop checkLocal(
      final int slot, final MutableDirectBuffer buffer, final int offset, final int length) {
    final TenantDrop parsed = source.read(buffer, offset, length);
    if (parsed != TenantDrop.PASS) {
      return parsed;
    }
    final long mac = source.mac();
    if (MacAddress.isMulticast(mac) || !registry.ownsMac(slot, mac)) {
      return TenantDrop.SPOOFED_SOURCE_MAC;
    }
    final boolean owned =
        switch (source.kind()) {
          case ARP -> source.ipv4Source() == 0 || registry.ownsIpv4(slot, source.ipv4Source());
          case IPV4 -> registry.ownsIpv4(slot, source.ipv4Source());
          case IPV6 ->
              (source.ipv6SourceHi() == 0 && source.ipv6SourceLo() == 0)
                  || registry.ownsIpv6(slot, source.ipv6SourceHi(), source.ipv6SourceLo());
        };
    return owned ? TenantDrop.PASS : TenantDrop.SPOOFED_SOURCE_IP;
  }
}
