package io.vstack.netns;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Linux network namespace made for one test: created with a random-suffixed name so concurrent
 * runs never collide, deleted on {@link #close()} (use try-with-resources, so it also goes when the
 * test fails). Deleting the namespace also deletes the virtual links (TAP, veth) moved into it.
 *
 * <pre>
 *   try (NetworkNamespace ns = NetworkNamespace.create("vsp")) {
 *     ns.moveLink(tapName);
 *     ns.exec("ip", "addr", "add", "10.9.0.1/24", "dev", tapName);
 *   }
 * </pre>
 */
public final class NetworkNamespace implements AutoCloseable {
  private final String name;
  private boolean deleted;

  private NetworkNamespace(final String name) {
    this.name = name;
  }

  /** Creates {@code <prefix>-<random hex>} with its loopback up. */
  public static NetworkNamespace create(final String prefix) {
    final NetworkNamespace ns = new NetworkNamespace(randomName(prefix + "-", 24));
    Commands.run(RequiredTool.require("ip"), "netns", "add", ns.name);
    try {
      ns.exec("ip", "link", "set", "lo", "up");
    } catch (final RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  /**
   * {@code prefix} followed by random hex digits up to {@code maxLength} characters in all, e.g. an
   * interface name (Linux allows 15 characters).
   */
  public static String randomName(final String prefix, final int maxLength) {
    final int digits = maxLength - prefix.length();
    if (digits < 4) {
      throw new IllegalArgumentException(
          "prefix " + prefix + " leaves fewer than 4 random characters");
    }
    final StringBuilder name = new StringBuilder(prefix);
    final ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < digits; i++) {
      name.append(Character.forDigit(random.nextInt(16), 16));
    }
    return name.toString();
  }

  public String name() {
    return name;
  }

  /** Runs a command inside the namespace; fails with its stderr unless it exits 0 within 30 s. */
  public Commands.Result exec(final String... command) {
    return exec(Commands.DEFAULT_TIMEOUT, command).orFail();
  }

  /** Runs a command inside the namespace, whatever its exit code; fails only on timeout. */
  public Commands.Result exec(final Duration timeout, final String... command) {
    return Commands.run(timeout, inside(command));
  }

  /** Starts a command inside the namespace in the background (e.g. tcpdump). */
  public Commands.Background start(final String... command) {
    return Commands.start(inside(command));
  }

  /** Moves a link of the current namespace into this one (it goes down on the move). */
  public void moveLink(final String link) {
    Commands.run(RequiredTool.require("ip"), "link", "set", "dev", link, "netns", name);
  }

  /** Whether the namespace still exists. */
  public boolean exists() {
    return Commands.run(RequiredTool.require("ip"), "netns", "list")
        .stdout()
        .lines()
        .anyMatch(line -> line.equals(name) || line.startsWith(name + " "));
  }

  /** Deletes the namespace (idempotent). */
  @Override
  public void close() {
    if (!deleted) {
      deleted = true;
      Commands.run(Duration.ofSeconds(30), RequiredTool.require("ip"), "netns", "delete", name)
          .orFail();
    }
  }

  private String[] inside(final String... command) {
    final String[] full = new String[command.length + 4];
    full[0] = RequiredTool.require("ip");
    full[1] = "netns";
    full[2] = "exec";
    full[3] = name;
    System.arraycopy(command, 0, full, 4, command.length);
    return full;
  }

  @Override
  public String toString() {
    return "netns " + name + (deleted ? " (deleted)" : "");
  }
}
