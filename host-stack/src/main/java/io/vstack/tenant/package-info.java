/**
 * Tenants: the isolation domains one shared stack serves. {@link io.vstack.tenant.Tenant} is the
 * model (id, name, VNI, virtual interfaces, weight, cap, peers); {@link
 * io.vstack.tenant.TenantRegistry} compiles tenants into allocation-free lookups keyed by (tenant,
 * address), so overlapping ranges coexist; {@link io.vstack.tenant.TenantGuard} is the
 * anti-spoofing check, answering with a {@link io.vstack.tenant.TenantDrop} reason.
 */
package io.vstack.tenant;
