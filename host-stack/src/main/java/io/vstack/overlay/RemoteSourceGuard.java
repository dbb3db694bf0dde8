package io.vstack.overlay;

import io.vstack.tenant.InnerSource;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.MacAddress;
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

  public RemoteSourceGuard(final TenantRegistry registry, final VtepTable vteps) {
    this.registry = registry;
    this.vteps = vteps;
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
    if (MacAddress.isMulticast(mac) || registry.ownsMac(slot, mac)) {
      return TenantDrop.SPOOFED_SOURCE_MAC;
    }
    return switch (inner.kind()) {
      case IPV6 -> TenantDrop.UNSUPPORTED_INNER;
      case ARP, IPV4 ->
          (inner.kind() == InnerSource.Kind.ARP && inner.ipv4Source() == 0)
                  || vteps.underlayOf(slot, inner.ipv4Source()) == (outerSource & 0xFFFF_FFFFL)
              ? TenantDrop.PASS
              : TenantDrop.SPOOFED_SOURCE_IP;
    };
  }
}
