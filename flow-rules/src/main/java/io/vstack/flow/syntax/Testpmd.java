package io.vstack.flow.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * DPDK's {@code dpdk-testpmd} (package dpdk-dev) as vstack runs it: the reference peer for our
 * testpmd flow syntax and the baseline of the DPDK burst benchmark. Both start it the same way, a
 * throwaway interactive instance on the null PMD that needs no hardware and no set-up.
 */
public final class Testpmd {
  /** The program. */
  public static final String PROGRAM = "dpdk-testpmd";

  /** The Debian/Ubuntu package that installs {@link #PROGRAM}. */
  public static final String PACKAGE = "dpdk-dev";

  private Testpmd() {}

  /**
   * The arguments (without the program) for an interactive testpmd on {@code net_null0}: two
   * lcores, no hugepages (256 MB of normal memory), no PCI scan, no shared config files (so
   * concurrent runs do not collide), then {@code testpmdArgs} after {@code -i}.
   */
  public static List<String> onNullDevice(final String... testpmdArgs) {
    return onDevices(List.of("net_null0"), testpmdArgs);
  }

  /** As {@link #onNullDevice}, on the given vdevs (e.g. {@code net_tap0,iface=vs0}). */
  public static List<String> onDevices(final List<String> vdevs, final String... testpmdArgs) {
    final List<String> args =
        new ArrayList<>(List.of("-l", "0-1", "--no-huge", "--no-pci", "-m", "256", "--no-shconf"));
    for (final String vdev : vdevs) {
      args.add("--vdev=" + vdev);
    }
    args.add("--");
    args.add("-i");
    args.addAll(List.of(testpmdArgs));
    return args;
  }
}
