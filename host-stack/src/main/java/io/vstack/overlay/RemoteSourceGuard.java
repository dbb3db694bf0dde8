package io.vstack.overlay;

import io.vstack.tenant.InnerSource;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.MacAddress;
import java.util.Arrays;
import org.agrona.MutableDirectBuffer;

/**
 * Anti-spoofing for inner frames that arrive from the overlay, shared by the layered {@link
 * OverlayEndpoint} and the fused fast path: the inner source IPv4 (or ARP sender) must be a vIP
 * that the VTEP table places at the outer source address, the inner source MAC must be unicast and
 * not a local vMAC of the tenant (a remote host must not impersonate a local interface). An ARP
 * probe (sender 0.0.0.0) passes. Inner IPv6 is not covered and refused.
 *
 * <p>One instance per thread (it holds the parsing views); allocation-free.
 */
public final class RemoteSourceGuard {
  private final InnerSource inner = new InnerSource();
  private final TenantRegistry registry;
  private final VtepTable vteps;
  // Per tenant slot, the claims of the last frame that passed: source MAC, IPv4 source (or ARP
  // sender) and the VTEP it came from. The registry and the VTEP table never change, so the same
  // claims pass again without the three lookups; a stream's frames all carry the same claims.
  private final long[] passedMac;
  private final int[] passedIpv4;
  private final int[] passedOuter;

  public RemoteSourceGuard(final TenantRegistry registry, final VtepTable vteps) {
    this.registry = registry;
    this.vteps = vteps;
    this.passedMac = new long[registry.size()];
    this.passedIpv4 = new int[registry.size()];
    this.passedOuter = new int[registry.size()];
    Arrays.fill(passedMac, -1L);
  }

  /** The parsed claims of the last frame checked (valid when the check got past parsing). */
  public InnerSource source() {
    return inner;
  }

  /**
   * Checks the inner frame of {@code length} bytes at {@code offset}, received for the tenant in
   * {@code slot} from the VTEP at underlay address {@code outerSource}.
   */
  public TenantDrop check(
      final int slot,
      final int outerSource,
      final MutableDirectBuffer buffer,
      final int offset,
      final int length) {
    final TenantDrop parsed = inner.read(buffer, offset, length);
    if (parsed != TenantDrop.PASS) {
      return parsed;
    }
    final long mac = inner.mac();
    final InnerSource.Kind kind = inner.kind();
    final int ipv4Source = inner.ipv4Source();
    final boolean known = slot >= 0 && slot < passedMac.length;
    if (known
        && kind != InnerSource.Kind.IPV6
        && mac == passedMac[slot]
        && ipv4Source == passedIpv4[slot]
        && outerSource == passedOuter[slot]) {
      return TenantDrop.PASS;
    }
    if (MacAddress.isMulticast(mac) || registry.ownsMac(slot, mac)) {
      return TenantDrop.SPOOFED_SOURCE_MAC;
    }
    if (kind == InnerSource.Kind.IPV6) {
      return TenantDrop.UNSUPPORTED_INNER;
    }
    if (kind == InnerSource.Kind.ARP && ipv4Source == 0) {
      return TenantDrop.PASS;
    }
    if (vteps.underlayOf(slot, ipv4Source) != (outerSource & 0xFFFF_FFFFL)) {
      return TenantDrop.SPOOFED_SOURCE_IP;
    }
    if (known) {
      passedMac[slot] = mac;
      passedIpv4[slot] = ipv4Source;
      passedOuter[slot] = outerSource;
    }
    return TenantDrop.PASS;
  }
}
