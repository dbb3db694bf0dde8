package io.vstack.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hardware detection on fake sysfs trees: the skip reasons are exact and the NIC is found. */
class HardwareTest {
  @Test
  void shouldSayTheDriverIsNotLoadedWhenMlx5CoreIsAbsent(@TempDir final Path sys) {
    final Hardware hw = Hardware.detect(sys, Map.of());

    assertThat(hw.present()).isFalse();
    assertThat(hw.reason())
        .isEqualTo(
            "no ConnectX/BlueField NIC: "
                + sys.resolve("bus/pci/drivers/mlx5_core")
                + " does not exist (mlx5_core not loaded); set VSTACK_HW_PCI to run");
    assertThatThrownBy(hw::pci).hasMessage(hw.reason());
  }

  @Test
  void shouldSayTheDriverHasNoDevicesWhenNothingIsBound(@TempDir final Path sys)
      throws IOException {
    Files.createDirectories(sys.resolve("bus/pci/drivers/mlx5_core/module"));
    Files.createFile(sys.resolve("bus/pci/drivers/mlx5_core/bind"));

    assertThat(Hardware.detect(sys, Map.of()).reason())
        .isEqualTo(
            "no ConnectX/BlueField NIC: "
                + sys.resolve("bus/pci/drivers/mlx5_core")
                + " has no devices; set VSTACK_HW_PCI to run");
  }

  @Test
  void shouldFindTheFirstBoundDeviceWhenMlx5CoreHasSome(@TempDir final Path sys)
      throws IOException {
    final Path driver = Files.createDirectories(sys.resolve("bus/pci/drivers/mlx5_core"));
    Files.createDirectory(driver.resolve("0000:81:00.1"));
    Files.createDirectory(driver.resolve("0000:81:00.0"));
    Files.createFile(driver.resolve("unbind"));

    final Hardware hw = Hardware.detect(sys, Map.of());

    assertThat(hw.present()).isTrue();
    assertThat(hw.pci()).isEqualTo("0000:81:00.0");
    assertThat(hw.ealArguments())
        .containsExactly("-l", "0-1", "--in-memory", "-a", "0000:81:00.0,dv_flow_en=1");
    assertThat(hw.hasPeer()).isFalse();
    assertThat(hw.peerReason())
        .isEqualTo(
            "no peer interface: set VSTACK_HW_PEER_IFACE to a kernel interface whose frames"
                + " reach 0000:81:00.0 (e.g. the other port, cabled back to back)");
  }

  @Test
  void shouldUseTheConfiguredDeviceWhenVstackHwPciIsSet(@TempDir final Path sys)
      throws IOException {
    Files.createDirectories(sys.resolve("bus/pci/devices/0000:03:00.0"));

    final Hardware hw =
        Hardware.detect(
            sys,
            Map.of(
                "VSTACK_HW_PCI", "0000:03:00.0",
                "VSTACK_HW_PEER_IFACE", "enp3s0f1",
                "VSTACK_HW_EAL_ARGS", "-l 0 -a 0000:03:00.0"));

    assertThat(hw.pci()).isEqualTo("0000:03:00.0");
    assertThat(hw.peer()).isEqualTo("enp3s0f1");
    assertThat(hw.ealArguments()).isEqualTo(List.of("-l", "0", "-a", "0000:03:00.0"));
  }

  @Test
  void shouldSayTheConfiguredDeviceIsMissingWhenSysfsLacksIt(@TempDir final Path sys) {
    final Hardware hw = Hardware.detect(sys, Map.of("VSTACK_HW_PCI", "0000:09:00.0"));

    assertThat(hw.present()).isFalse();
    assertThat(hw.reason())
        .isEqualTo(
            "VSTACK_HW_PCI=0000:09:00.0 but "
                + sys.resolve("bus/pci/devices/0000:09:00.0")
                + " does not exist");
  }
}
