package io.vstack.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether this host has the NVIDIA ConnectX/BlueField NIC the hardware tests need, and if not,
 * exactly why: tests call {@code Assumptions.assumeTrue(hw.present(), hw.reason())}.
 *
 * <p>The NIC is the PCI function in {@value #PCI_ENV} when set (it must exist in sysfs), else the
 * first device bound to the mlx5_core kernel driver (mlx5 is a bifurcated driver: the kernel keeps
 * the netdev while DPDK's mlx5 PMD opens the same function). Tests that need frames from outside
 * also need {@value #PEER_ENV}: a kernel interface whose frames reach the NIC's port (the other
 * port of a dual-port NIC cabled back to back, or a switch port).
 */
public final class Hardware {
  /** Environment variable naming the NIC's PCI address, e.g. {@code 0000:03:00.0}. */
  public static final String PCI_ENV = "VSTACK_HW_PCI";

  /** Environment variable naming the kernel interface that sends test frames to the NIC. */
  public static final String PEER_ENV = "VSTACK_HW_PEER_IFACE";

  /** Environment variable with the EAL arguments, replacing {@link #ealArguments()}'s default. */
  public static final String EAL_ENV = "VSTACK_HW_EAL_ARGS";

  static final String DRIVER_DIR = "bus/pci/drivers/mlx5_core";
  private static final Pattern PCI = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");

  private final String pci;
  private final String reason;
  private final String peer;
  private final Map<String, String> env;

  private Hardware(
      final String pci, final String reason, final String peer, final Map<String, String> env) {
    this.pci = pci;
    this.reason = reason;
    this.peer = peer;
    this.env = env;
  }

  /** This host's NIC, from /sys and the process environment. */
  public static Hardware detect() {
    return detect(Path.of("/sys"), System.getenv());
  }

  /** The NIC as seen in sysfs under {@code sys} with environment {@code env}. */
  static Hardware detect(final Path sys, final Map<String, String> env) {
    final String peer = env.get(PEER_ENV);
    final String wanted = env.get(PCI_ENV);
    if (wanted != null && !wanted.isBlank()) {
      if (!Files.exists(sys.resolve("bus/pci/devices").resolve(wanted))) {
        return new Hardware(
            null,
            PCI_ENV
                + "="
                + wanted
                + " but "
                + sys.resolve("bus/pci/devices").resolve(wanted)
                + " does not exist",
            peer,
            env);
      }
      return new Hardware(wanted, null, peer, env);
    }
    final Path driver = sys.resolve(DRIVER_DIR);
    if (!Files.isDirectory(driver)) {
      return new Hardware(
          null,
          "no ConnectX/BlueField NIC: "
              + driver
              + " does not exist (mlx5_core not loaded); set "
              + PCI_ENV
              + " to run",
          peer,
          env);
    }
    final List<String> devices = new ArrayList<>();
    try (Stream<Path> entries = Files.list(driver)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(n -> PCI.matcher(n).matches())
          .sorted()
          .forEach(devices::add);
    } catch (final IOException e) {
      return new Hardware(null, "cannot list " + driver + ": " + e.getMessage(), peer, env);
    }
    if (devices.isEmpty()) {
      return new Hardware(
          null,
          "no ConnectX/BlueField NIC: " + driver + " has no devices; set " + PCI_ENV + " to run",
          peer,
          env);
    }
    return new Hardware(devices.get(0), null, peer, env);
  }

  public boolean present() {
    return pci != null;
  }

  /** Why {@link #present()} is false; a description of the NIC when it is true. */
  public String reason() {
    return pci == null ? reason : "ConnectX/BlueField at " + pci;
  }

  /** The NIC's PCI address. */
  public String pci() {
    if (pci == null) {
      throw new IllegalStateException(reason);
    }
    return pci;
  }

  /** True when a peer interface for sending test frames is configured. */
  public boolean hasPeer() {
    return present() && peer != null && !peer.isBlank();
  }

  /** Why {@link #hasPeer()} is false. */
  public String peerReason() {
    if (!present()) {
      return reason;
    }
    return hasPeer()
        ? "peer interface " + peer
        : "no peer interface: set "
            + PEER_ENV
            + " to a kernel interface whose frames reach "
            + pci
            + " (e.g. the other port, cabled back to back)";
  }

  /** The kernel interface that sends test frames to the NIC. */
  public String peer() {
    if (!hasPeer()) {
      throw new IllegalStateException(peerReason());
    }
    return peer;
  }

  /**
   * EAL arguments for the NIC: {@value #EAL_ENV} split on spaces when set, else two lcores,
   * hugepages in memory only (reserve them first: {@code echo 1024 > /proc/sys/vm/nr_hugepages})
   * and the NIC with the mlx5 DV flow engine.
   */
  public List<String> ealArguments() {
    final String custom = env.get(EAL_ENV);
    if (custom != null && !custom.isBlank()) {
      return List.of(custom.trim().split("\\s+"));
    }
    return List.of("-l", "0-1", "--in-memory", "-a", pci() + ",dv_flow_en=1");
  }
}
