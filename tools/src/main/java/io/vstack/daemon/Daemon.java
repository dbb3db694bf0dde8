package io.vstack.daemon;

import io.vstack.config.PortDefinition;
import io.vstack.config.VstackConfig;
import io.vstack.offload.FlowOffload;
import io.vstack.offload.ProbingFlowOffload;
import io.vstack.offload.SoftwareFlowOffload;
import io.vstack.offload.UnavailableFlowOffload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running vstack daemon: the ports of its config, their flow rules (desired state, restored at
 * start from the state file, else from the config) and the control socket.
 */
public final class Daemon implements AutoCloseable {
  private final ControlServer server;
  private final FlowService flows;
  private final int restored;
  private final boolean fromStateFile;
  private final DesiredState store;

  private Daemon(
      final ControlServer server,
      final FlowService flows,
      final int restored,
      final boolean fromStateFile,
      final DesiredState store) {
    this.server = server;
    this.flows = flows;
    this.restored = restored;
    this.fromStateFile = fromStateFile;
    this.store = store;
  }

  /**
   * Binds the control socket, then restores the desired rules: from {@code stateDir}'s state file
   * when one exists (it holds every change made since the config was first applied), else from the
   * config's {@code rules}.
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
    final FlowOffload offload =
        new ProbingFlowOffload(
            new UnavailableFlowOffload(
                "hw", id -> ports.get(id).spec().kind().prefix() + " port has no NIC flow offload"),
            new SoftwareFlowOffload());
    final FlowService flows = new FlowService(ports, offload, store);
    final ControlServer server = ControlServer.bind(socket, flows::handle, idleTimeout);
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
      return new Daemon(server, flows, restored, saved != null, store);
    } catch (final IOException | RuntimeException e) {
      server.close();
      throw e;
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

  /** Stops serving and removes the socket file (bounded wait). */
  @Override
  public void close() {
    server.close();
  }
}
