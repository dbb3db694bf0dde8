package io.vstack.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.port.Allocations;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv6Address;
import io.vstack.wire.SeededRandomExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeededRandomExtension.class)
class TenantRegistryTest {
  private static final int BLUE_IP = Ipv4Address.parse("10.0.0.1");
  private static final long BLUE_MAC = 0x0200_0000_0101L;
  private static final long RED_MAC = 0x0200_0000_0201L;

  private static Tenant tenant(
      final int id, final String name, final int vni, final long mac, final int... ipv4) {
    final List<Integer> addresses = new ArrayList<>();
    for (final int address : ipv4) {
      addresses.add(address);
    }
    return Tenant.of(id, name, vni, List.of(new VirtualInterface(mac, addresses, List.of())));
  }

  @Test
  void shouldFindTenantsByVniIdAndNameWhenRegistered() {
    final TenantRegistry registry =
        TenantRegistry.of(
            List.of(
                tenant(7, "blue", 100, BLUE_MAC, BLUE_IP),
                tenant(9, "red", 200, RED_MAC, BLUE_IP)));

    assertThat(registry.slotOfVni(100)).isZero();
    assertThat(registry.slotOfVni(200)).isEqualTo(1);
    assertThat(registry.slotOfVni(300)).isEqualTo(TenantRegistry.NO_SLOT);
    assertThat(registry.slotOfId(9)).isEqualTo(1);
    assertThat(registry.slotOfId(8)).isEqualTo(TenantRegistry.NO_SLOT);
    assertThat(registry.slotOfName("red")).isEqualTo(1);
    assertThat(registry.tenant(1).vni()).isEqualTo(200);
    assertThat(registry.macOfIpv4(0, BLUE_IP)).isEqualTo(BLUE_MAC);
    assertThat(registry.macOfIpv4(1, BLUE_IP)).as("same vIP, other tenant").isEqualTo(RED_MAC);
  }

  @Test
  void shouldRejectRepeatedIdNameVniOrAddressWhenBuilding() {
    assertThatThrownBy(
            () ->
                TenantRegistry.of(List.of(tenant(1, "a", 1, BLUE_MAC), tenant(1, "b", 2, RED_MAC))))
        .hasMessage("tenant b: duplicate id 1");
    assertThatThrownBy(
            () ->
                TenantRegistry.of(List.of(tenant(1, "a", 1, BLUE_MAC), tenant(2, "a", 2, RED_MAC))))
        .hasMessage("tenant a: duplicate name");
    assertThatThrownBy(
            () ->
                TenantRegistry.of(List.of(tenant(1, "a", 5, BLUE_MAC), tenant(2, "b", 5, RED_MAC))))
        .hasMessage("tenant b: duplicate VNI 5");
    assertThatThrownBy(
            () -> TenantRegistry.of(List.of(tenant(1, "a", 5, BLUE_MAC, BLUE_IP, BLUE_IP))))
        .hasMessage("tenant a: duplicate IPv4 10.0.0.1");
  }

  @Test
  void shouldIsolateTenantsUnlessBothListEachOther() {
    final Tenant a = new Tenant(1, "a", 1, List.of(), 1, Tenant.NO_CAP, Set.of(2, 3));
    final Tenant b = new Tenant(2, "b", 2, List.of(), 1, Tenant.NO_CAP, Set.of(1));
    final Tenant c = new Tenant(3, "c", 3, List.of(), 1, Tenant.NO_CAP, Set.of());
    final TenantRegistry registry = TenantRegistry.of(List.of(a, b, c));

    assertThat(registry.checkPeer(0, 0)).isEqualTo(TenantDrop.PASS);
    assertThat(registry.checkPeer(0, 1)).isEqualTo(TenantDrop.PASS);
    assertThat(registry.checkPeer(1, 0)).isEqualTo(TenantDrop.PASS);
    assertThat(registry.checkPeer(0, 2)).as("c never agreed").isEqualTo(TenantDrop.ISOLATED);
    assertThat(registry.checkPeer(2, 0)).isEqualTo(TenantDrop.ISOLATED);
    assertThat(registry.checkPeer(1, 2)).isEqualTo(TenantDrop.ISOLATED);
  }

  @Test
  void shouldCheckSourceMacBeforeIpWhenTenantSends() {
    final TenantRegistry registry =
        TenantRegistry.of(
            List.of(tenant(1, "blue", 100, BLUE_MAC, BLUE_IP), tenant(2, "red", 200, RED_MAC, 7)));

    assertThat(registry.checkSource(0, BLUE_MAC, BLUE_IP)).isEqualTo(TenantDrop.PASS);
    assertThat(registry.checkSource(0, RED_MAC, BLUE_IP)).isEqualTo(TenantDrop.SPOOFED_SOURCE_MAC);
    assertThat(registry.checkSource(0, BLUE_MAC, 7)).isEqualTo(TenantDrop.SPOOFED_SOURCE_IP);
    assertThat(registry.checkSource(1, RED_MAC, 7)).isEqualTo(TenantDrop.PASS);
  }

  /**
   * Tenants draw addresses from one small range, so they overlap heavily; every (tenant, address)
   * must map to that tenant's own MAC and nothing else, for IPv4 and IPv6 alike.
   */
  @Test
  void shouldKeepOverlappingRangesApartWhenManyTenantsShareThem(final Random random) {
    for (int run = 0; run < 50; run++) {
      final int count = 1 + random.nextInt(40);
      final List<Tenant> tenants = new ArrayList<>();
      final Map<Long, Long> model4 = new HashMap<>();
      final Map<List<Long>, Long> model6 = new HashMap<>();
      for (int slot = 0; slot < count; slot++) {
        final long mac = 0x0200_0000_0000L | random.nextInt(1 << 16);
        final Set<Integer> ipv4 = new LinkedHashSet<>();
        final Set<Ipv6Address> ipv6 = new LinkedHashSet<>();
        for (int i = random.nextInt(8); i > 0; i--) {
          ipv4.add(0x0A00_0000 | random.nextInt(16));
          ipv6.add(new Ipv6Address(0xFD00_0000_0000_0000L, random.nextInt(16)));
        }
        for (final int address : ipv4) {
          model4.put(((long) slot << 32) | (address & 0xFFFF_FFFFL), mac);
        }
        for (final Ipv6Address address : ipv6) {
          model6.put(List.of((long) slot, address.lo()), mac);
        }
        tenants.add(
            Tenant.of(
                slot + 1,
                "t" + slot,
                slot,
                List.of(new VirtualInterface(mac, List.copyOf(ipv4), List.copyOf(ipv6)))));
      }
      final TenantRegistry registry = TenantRegistry.of(tenants);
      for (int slot = 0; slot < count; slot++) {
        for (int host = 0; host < 16; host++) {
          final int address = 0x0A00_0000 | host;
          final long expected4 =
              model4.getOrDefault(((long) slot << 32) | address, TenantRegistry.NO_MAC);
          assertThat(registry.macOfIpv4(slot, address)).isEqualTo(expected4);
          final long expected6 =
              model6.getOrDefault(List.of((long) slot, (long) host), TenantRegistry.NO_MAC);
          assertThat(registry.macOfIpv6(slot, 0xFD00_0000_0000_0000L, host)).isEqualTo(expected6);
        }
        assertThat(registry.slotOfVni(slot)).isEqualTo(slot);
        assertThat(registry.slotOfId(slot + 1)).isEqualTo(slot);
      }
    }
  }

  @Test
  void shouldAllocateNothingWhenLookingUp() {
    final TenantRegistry registry =
        TenantRegistry.of(
            List.of(
                tenant(1, "blue", 100, BLUE_MAC, BLUE_IP),
                tenant(2, "red", 200, RED_MAC, BLUE_IP)));
    final long[] sink = new long[1];
    final Runnable lookups =
        () -> {
          for (int i = 0; i < 100_000; i++) {
            final int slot = registry.slotOfVni(100 + (i & 1) * 100);
            sink[0] += registry.macOfIpv4(slot, BLUE_IP + (i & 3));
            sink[0] += registry.checkSource(slot, BLUE_MAC, BLUE_IP).ordinal();
            sink[0] += registry.macOfIpv6(slot, 1, i);
            sink[0] += registry.slotOfId(i & 3) + registry.checkPeer(0, 1).ordinal();
          }
        };
    lookups.run();

    assertThat(Allocations.during(lookups)).as("bytes for 100,000 lookups").isLessThan(1_000);
    assertThat(sink[0]).isNotZero();
  }
}
