package io.vstack.port;

import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.netns.RequiredTool;
import java.time.Duration;

/**
 * A veth pair made for one test, with random names under a prefix; both ends up, IPv6 off so the
 * kernel sends nothing on its own. {@link #close()} deletes it (deleting one end deletes both).
 */
public final class VethPair implements AutoCloseable {
  private final String a;
  private final String b;
  private boolean deleted;

  private VethPair(final String a, final String b) {
    this.a = a;
    this.b = b;
  }

  /** Both ends in this namespace, up. */
  public static VethPair create(final String prefix) {
    final VethPair pair = add(prefix);
    try {
      pair.up(null, pair.a);
      pair.up(null, pair.b);
    } catch (final RuntimeException e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  /** End a here and end b moved into {@code ns}, both up. */
  public static VethPair createInto(final String prefix, final NetworkNamespace ns) {
    final VethPair pair = add(prefix);
    try {
      pair.up(null, pair.a);
      ns.moveLink(pair.b);
      pair.up(ns, pair.b);
    } catch (final RuntimeException e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  private static VethPair add(final String prefix) {
    final String a = NetworkNamespace.randomName(prefix, TapPort.MAX_NAME_LENGTH);
    final String b = NetworkNamespace.randomName(prefix, TapPort.MAX_NAME_LENGTH);
    Commands.run(ip(), "link", "add", a, "type", "veth", "peer", "name", b);
    return new VethPair(a, b);
  }

  private void up(final NetworkNamespace ns, final String link) {
    final String[] sysctl = {"sysctl", "-q", "-w", "net.ipv6.conf." + link + ".disable_ipv6=1"};
    final String[] up = {ip(), "link", "set", link, "up"};
    if (ns == null) {
      Commands.run(sysctl);
      Commands.run(up);
    } else {
      ns.exec(sysctl);
      ns.exec(up);
    }
  }

  public String a() {
    return a;
  }

  public String b() {
    return b;
  }

  private static String ip() {
    return RequiredTool.require("ip");
  }

  @Override
  public void close() {
    if (!deleted) {
      deleted = true;
      // Gone already when its namespace was deleted first: then there is nothing to do.
      Commands.run(Duration.ofSeconds(30), ip(), "link", "delete", a);
    }
  }
}
