package io.vstack.dpdk;

import java.util.List;

/** Run in a child JVM by {@link DpdkUnavailableTest}: starts DPDK and prints the outcome. */
public final class UnavailableProbe {
  private UnavailableProbe() {}

  public static void main(final String[] args) {
    try {
      Eal.start(List.of("-l", "0", "--no-huge", "--no-pci", "-m", "64", "--no-shconf"));
      System.out.println("started");
    } catch (final DpdkUnavailableException e) {
      System.out.println(e.getMessage());
    }
  }
}
