/**
 * The overlay: VXLAN (RFC 7348) and Geneve (RFC 8926) over an IPv4 underlay. {@link
 * io.vstack.overlay.VtepTable} maps (tenant, vIP) to the host serving it; {@link
 * io.vstack.overlay.Encapsulator} writes all outer headers in one pass into headroom in front of
 * the inner frame (see its headroom convention); {@link io.vstack.overlay.Decapsulator} finds the
 * inner frame without copying, or says why not ({@link io.vstack.overlay.DecapDrop}); {@link
 * io.vstack.overlay.OverlayEndpoint} puts it together on an underlay port and presents each
 * tenant's inner frames as a {@link io.vstack.overlay.OverlayPort}.
 */
package io.vstack.overlay;
