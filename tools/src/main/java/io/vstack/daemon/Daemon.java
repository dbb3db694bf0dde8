package io.vstack.daemon;

import io.vstack.config.PortDefinition;
import io.vstack.config.VstackConfig;
import io.vstack.dpdk.DpdkDevices;
import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.RteFlowOffload;
import io.vstack.offload.FlowOffload;
import io.vstack.offload.PerPortFlowOffload;
import io.vstack.offload.ProbingFlowOffload;
import io.vstack.offload.SoftwareFlowOffload;
import io.vstack.offload.UnavailableFlowOffload;
import io.vstack.port.PortSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running vstack daemon: the ports of its config, their flow rules (desired state, restored at
 * start from the state file, else from the config) and the control socket.
 *
 * <p>Rules go through the capability probe ({@link ProbingFlowOffload}): on a {@code dpdk:} port
 * the NIC side is DPDK rte_flow ({@link RteFlowOffload}) on the ethdev the daemon opened through
 * the EAL, on other ports it refuses with the port's kind, so those rules land in software.
 */
public final class Daemon implements AutoCloseable {
  private final ControlServer server;
  private final FlowService flows;
  private final int restored;
  private final boolean fromStateFile;
  private final DesiredState store;
  private final DpdkDevices dpdk;

  private Daemon(
      final ControlServer server,
      final FlowService flows,
      final int restored,
      final boolean fromStateFile,
      final DesiredState store,
      final DpdkDevices dpdk) {
    this.server = server;
    this.flows = flows;
    this.restored = restored;
    this.fromStateFile = fromStateFile;
    this.store = store;
    this.dpdk = dpdk;
  }

  /**
   * Binds the control socket, then restores the desired rules: from {@code stateDir}'s state file
   * when one exists (it holds every change made since the config was first applied), else from the
   * config's {@code rules}. The config's {@code dpdk:} ports are opened first (the EAL starts once,
   * with all of them).
   *
   * @throws IOException also when DPDK cannot open a {@code dpdk:} port (DPDK's reason).
   */
  public static Daemon start(
      final VstackConfig config,
      final Path socket,
      final Path stateDir,
      final Duration idleTimeout,
      final PrintStream log)
      throws IOException {
    if (!Files.isDirectory(stateDir)) {
      Files.createDirectories(stateDir);
      Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
    }
    final DesiredState store = new DesiredState(stateDir);
    final Map<String, DesiredState.PortState> saved = store.load();
    final List<PortDefinition> ports = config.ports();
    final DpdkDevices dpdk = openDpdk(ports);
    final FlowOffload offload =
        new ProbingFlowOffload(hardware(ports, dpdk), new SoftwareFlowOffload());
    final FlowService flows = new FlowService(ports, offload, store);
    final ControlServer server;
    try {
      server = ControlServer.bind(socket, flows::handle, idleTimeout);
    } catch (final IOException | RuntimeException e) {
      closeQuietly(dpdk);
      throw e;
    }
    try {
      final Map<String, DesiredState.PortState> desired;
      if (saved != null) {
        desired = saved;
      } else {
        desired = new LinkedHashMap<>();
        config
            .rules()
            .forEach((port, rules) -> desired.put(port, new DesiredState.PortState(false, rules)));
      }
      final int restored = flows.restore(desired, log);
      if (saved == null) {
        store.save(desired);
      }
      return new Daemon(server, flows, restored, saved != null, store, dpdk);
    } catch (final IOException | RuntimeException e) {
      server.close();
      closeQuietly(dpdk);
      throw e;
    }
  }

  /** The {@code dpdk:} ports' devices, or null when the config has none. */
  private static DpdkDevices openDpdk(final List<PortDefinition> ports) throws IOException {
    final List<String> devices =
        ports.stream()
            .filter(p -> p.spec().kind() == PortSpec.Kind.DPDK)
            .map(p -> p.spec().argument())
            .toList();
    if (devices.isEmpty()) {
      return null;
    }
    try {
      return DpdkDevices.open(devices);
    } catch (final RuntimeException e) {
      throw new IOException("DPDK ports " + devices + ": " + e.getMessage(), e);
    }
  }

  /** rte_flow on the {@code dpdk:} ports, a refusal naming the port's kind on the others. */
  private static FlowOffload hardware(final List<PortDefinition> ports, final DpdkDevices dpdk) {
    final FlowOffload none =
        new UnavailableFlowOffload(
            RteFlowOffload.NAME,
            id -> ports.get(id).spec().kind().prefix() + " port has no NIC flow offload");
    if (dpdk == null) {
      return none;
    }
    final Map<Integer, EthDev> devices = new HashMap<>();
    for (final PortDefinition port : ports) {
      if (port.spec().kind() == PortSpec.Kind.DPDK) {
        devices.put(port.id(), dpdk.get(port.spec().argument()));
      }
    }
    final FlowOffload rteFlow = new RteFlowOffload(devices);
    return new PerPortFlowOffload(
        RteFlowOffload.NAME, id -> devices.containsKey(id) ? rteFlow : none);
  }

  private static void closeQuietly(final DpdkDevices dpdk) {
    if (dpdk != null) {
      try {
        dpdk.close();
      } catch (final RuntimeException e) {
        // already failing: the first error is the one to report
      }
    }
  }

  /** One line for the log: what is served where. */
  public String summary() {
    return "serving on "
        + server.socket()
        + ", "
        + restored
        + " rules applied from "
        + (fromStateFile ? store.file() : "the config")
        + " (state "
        + store.file()
        + ")";
  }

  /** The request handler (for in-process use and tests). */
  public FlowService flows() {
    return flows;
  }

  /** Serves the control socket until {@link #close()}. */
  public void run() {
    server.run();
  }

  /** Stops serving, removes the socket file (bounded wait) and closes the DPDK ports. */
  @Override
  public void close() {
    server.close();
    closeQuietly(dpdk);
  }
}
