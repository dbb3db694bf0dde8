package io.vstack.dpdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ethdevs that {@code dpdk:DEVICE[,ARGS]} port specs name, opened through the process's one
 * {@link Eal}: a vdev such as {@code net_tap0,iface=vs0} or a PCI address such as {@code
 * 0000:03:00.0} (optionally with devargs). The EAL is started once with every device (a vdev as
 * {@code --vdev}, a PCI address as {@code -a}), without hugepages ({@link Eal#vdevArguments}); each
 * port gets one rx and one tx queue and is started, so rte_flow rules can steer to queue 0.
 */
public final class DpdkDevices implements AutoCloseable {
  private static final Pattern PCI =
      Pattern.compile("([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
  private static final int DESCRIPTORS = 512;

  private final Map<String, EthDev> devices;

  private DpdkDevices(final Map<String, EthDev> devices) {
    this.devices = devices;
  }

  /**
   * The EAL arguments for {@code devices} (spec arguments, e.g. {@code net_tap0,iface=vs0}): {@link
   * Eal#vdevArguments} of the vdevs, and when PCI addresses are among them, {@code -a} for each
   * instead of {@code --no-pci}.
   */
  public static List<String> ealArguments(final List<String> devices) {
    final List<String> vdevs = new ArrayList<>();
    final List<String> pci = new ArrayList<>();
    for (final String device : devices) {
      (isPci(device) ? pci : vdevs).add(device);
    }
    final List<String> args = new ArrayList<>(Eal.vdevArguments(vdevs));
    if (!pci.isEmpty()) {
      final int at = args.indexOf("--no-pci");
      args.remove(at);
      for (final String address : pci.reversed()) {
        args.addAll(at, List.of("-a", address));
      }
    }
    return List.copyOf(args);
  }

  /**
   * The name DPDK gives the port of {@code device}: the part before the devargs, with PCI addresses
   * in full {@code DDDD:BB:DD.F} form ({@code net_tap0} for {@code net_tap0,iface=vs0}).
   */
  public static String portName(final String device) {
    final int comma = device.indexOf(',');
    final String name = comma < 0 ? device : device.substring(0, comma);
    return isPci(device) && name.indexOf(':') == name.lastIndexOf(':') ? "0000:" + name : name;
  }

  private static boolean isPci(final String device) {
    final int comma = device.indexOf(',');
    return PCI.matcher(comma < 0 ? device : device.substring(0, comma)).matches();
  }

  /**
   * Starts the EAL for {@code devices} (or joins it when it already runs with the same arguments)
   * and opens and starts each device's port.
   *
   * @throws DpdkUnavailableException when DPDK is not installed.
   * @throws DpdkException with DPDK's reason when the EAL or a port cannot start.
   * @throws IllegalArgumentException when DPDK made no port for a device.
   * @throws IllegalStateException when the EAL already runs with other arguments.
   */
  public static DpdkDevices open(final List<String> devices) {
    Eal.start(ealArguments(devices));
    final Mempool pool =
        Mempool.create(
            "vstack-ports",
            (Integer.highestOneBit(Math.max(1, devices.size())) << 11) - 1,
            32,
            Mempool.DEFAULT_DATA_ROOM);
    final Map<String, EthDev> opened = new LinkedHashMap<>();
    for (final String device : devices) {
      final EthDev dev = EthDev.byName(portName(device));
      dev.configure(1, 1, 0);
      dev.rxQueueSetup(0, DESCRIPTORS, pool);
      dev.txQueueSetup(0, DESCRIPTORS);
      dev.start();
      opened.put(device, dev);
    }
    return new DpdkDevices(opened);
  }

  /**
   * The started port of {@code device}, as given to {@link #open}.
   *
   * @throws IllegalArgumentException when it was not opened here.
   */
  public EthDev get(final String device) {
    final EthDev dev = devices.get(device);
    if (dev == null) {
      throw new IllegalArgumentException("DPDK device " + device + " was not opened");
    }
    return dev;
  }

  /** Stops and closes every port (a net_tap port removes its TAP). */
  @Override
  public void close() {
    for (final EthDev dev : devices.values()) {
      dev.stop();
      dev.close();
    }
  }
}
