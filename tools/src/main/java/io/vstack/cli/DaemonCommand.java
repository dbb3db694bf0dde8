package io.vstack.cli;

import io.vstack.config.ConfigException;
import io.vstack.config.VstackConfig;
import io.vstack.control.ControlProtocol;
import io.vstack.daemon.Daemon;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vstack daemon --config vstack.yaml}: loads the ports and rules, restores the desired flow
 * state and serves the control socket until SIGTERM (or SIGINT), then removes the socket file.
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = {
      "Run the vstack daemon: ports and flow rules from the config, the control socket for"
          + " 'vstack flow'.",
      "Rules changed through the socket are saved (desired state) and re-applied on restart.",
      "Stops cleanly on SIGTERM or Ctrl-C."
    })
public final class DaemonCommand implements Runnable {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The YAML config (sections 'ports' and 'rules').")
  Path config;

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description = "Control socket to create, mode 0600 (default ${DEFAULT-VALUE}).")
  Path socket = ControlProtocol.DEFAULT_SOCKET;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "Where the desired state is kept (default: the socket's directory).")
  Path stateDir;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Close control connections silent this long (1..3600, default ${DEFAULT-VALUE}).")
  int idleTimeoutSeconds;

  @Override
  public void run() {
    OptionRange.require("--idle-timeout", idleTimeoutSeconds, 1, 3600);
    final VstackConfig loaded;
    try {
      loaded = VstackConfig.load(config);
    } catch (final ConfigException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE);
    }
    if (loaded.ports().isEmpty()) {
      throw new UserException(
          config + ": no ports: list the daemon's ports under 'ports' (docs/CONFIG.md)",
          ExitCodes.USAGE);
    }
    final Path dir = stateDir != null ? stateDir : socket.toAbsolutePath().getParent();
    final Daemon daemon;
    try {
      daemon =
          Daemon.start(loaded, socket, dir, Duration.ofSeconds(idleTimeoutSeconds), System.err);
    } catch (final IOException e) {
      throw new UserException("cannot start: " + e.getMessage());
    }
    final Thread hook =
        new Thread(
            () -> {
              daemon.close();
              System.err.println("vstack daemon: stopped");
            },
            "vstack-daemon-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("vstack daemon: " + daemon.summary());
    System.out.flush();
    daemon.run();
  }
}
