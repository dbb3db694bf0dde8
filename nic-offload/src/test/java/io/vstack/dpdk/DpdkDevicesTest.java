package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code dpdk:} port specs become EAL arguments and DPDK port names (no EAL needed). */
class DpdkDevicesTest {
  @Test
  void shouldPassVdevsAsVdevArgumentsWithoutPciWhenNoPciAddressIsGiven() {
    assertThat(DpdkDevices.ealArguments(List.of("net_tap0,iface=vsy1", "net_null0")))
        .isEqualTo(Eal.vdevArguments(List.of("net_tap0,iface=vsy1", "net_null0")))
        .contains("--no-pci", "--vdev=net_tap0,iface=vsy1", "--vdev=net_null0");
  }

  @Test
  void shouldAllowListPciAddressesInsteadOfNoPciWhenSomeAreGiven() {
    final List<String> args =
        DpdkDevices.ealArguments(List.of("0000:03:00.0,rxq_pkt_pad_en=1", "net_null0", "04:00.1"));
    assertThat(args).doesNotContain("--no-pci").contains("--vdev=net_null0");
    final int at = args.indexOf("-a");
    assertThat(args.subList(at, at + 4))
        .containsExactly("-a", "0000:03:00.0,rxq_pkt_pad_en=1", "-a", "04:00.1");
    assertThat(args.stream().filter("-a"::equals)).hasSize(2);
  }

  @Test
  void shouldNameThePortAsDpdkDoesWhenDevargsOrAShortPciAddressAreGiven() {
    assertThat(DpdkDevices.portName("net_tap0,iface=vsy1")).isEqualTo("net_tap0");
    assertThat(DpdkDevices.portName("net_ring0")).isEqualTo("net_ring0");
    assertThat(DpdkDevices.portName("04:00.1")).isEqualTo("0000:04:00.1");
    assertThat(DpdkDevices.portName("0000:03:00.0,rxq_pkt_pad_en=1")).isEqualTo("0000:03:00.0");
  }
}
