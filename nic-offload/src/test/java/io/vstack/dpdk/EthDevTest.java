package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EthDevTest {
  private final TestEal dpdk = TestEal.get();

  @Test
  void shouldFindEveryVdevByNameWithItsDriverWhenTheEalStarted() {
    assertThat(EthDev.count()).isGreaterThanOrEqualTo(4);
    assertThat(EthDev.byName("net_null0").info().driverName()).isEqualTo("net_null");
    assertThat(EthDev.byName("net_ring0").info().driverName()).isEqualTo("net_ring");
    assertThat(EthDev.byName("net_pcap0").info().driverName()).isEqualTo("net_pcap");
    final EthDevInfo tap = EthDev.byName("net_tap0").info();
    assertThat(tap.driverName()).isEqualTo("net_tap");
    assertThat(tap.ifIndex()).as("net_tap made a kernel interface").isPositive();
    assertThat(tap.maxRxQueues()).isEqualTo(16);
    assertThat(tap.maxTxQueues()).isEqualTo(16);
    final EthDevInfo nullInfo = dpdk.port("net_null0").info();
    assertThat(nullInfo.rxQueues()).as("as TestEal configured it").isEqualTo(2);
    assertThat(nullInfo.txQueues()).isEqualTo(1);
    assertThat(EthDev.of(EthDev.byName("net_ring0").portId()).name()).isEqualTo("net_ring0");
  }

  @Test
  void shouldCreateTheTapInterfaceWithOurNameWhenNetTapStarts() {
    final String links = ExternalTools.run(10, List.of("ip", "-o", "link", "show", dpdk.tapName()));
    assertThat(links).contains(dpdk.tapName());
  }

  @Test
  void shouldRefuseUnknownPortsWithAClearMessage() {
    assertThatThrownBy(() -> EthDev.byName("net_nothing9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no DPDK port named net_nothing9")
        .hasMessageContaining("--vdev=net_nothing9");
    assertThatThrownBy(() -> EthDev.of(31))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no DPDK port 31");
  }

  @Test
  void shouldReportLinkUpWhenNetNullIsStarted() {
    final EthLink link = dpdk.port("net_null0").link();
    assertThat(link.up()).isTrue();
    assertThat(link.fullDuplex()).isTrue();
    assertThat(link.speedMbps()).isEqualTo(10_000);
  }

  @Test
  void shouldReadBackTheRedirectionTableWhenUpdatingRssOnNetNull() {
    final EthDev dev = dpdk.port("net_null0");
    final int size = dev.info().retaSize();
    assertThat(size).isEqualTo(128);
    final int[] reta = new int[size];
    for (int i = 0; i < size; i++) {
      reta[i] = (i * 7 / 3) % 2;
    }
    dev.retaUpdate(reta);
    assertThat(dev.retaQuery(size)).containsExactly(reta);
    final int[] flipped = reta.clone();
    for (int i = 0; i < size; i++) {
      flipped[i] = 1 - reta[i];
    }
    dev.retaUpdate(flipped);
    assertThat(dev.retaQuery(size)).containsExactly(flipped);
  }

  @Test
  void shouldThrowDpdksReasonWhenThePmdHasNoRedirectionTable() {
    final EthDev ring = dpdk.port("net_ring0");
    assertThatThrownBy(() -> ring.retaQuery(64))
        .isInstanceOf(DpdkException.class)
        .hasMessage("rte_eth_dev_rss_reta_query failed: Operation not supported (errno 95)");
  }

  @Test
  void shouldThrowDpdksReasonWhenARedirectionEntryNamesAMissingQueue() {
    final EthDev dev = dpdk.port("net_null0");
    final int[] reta = new int[dev.info().retaSize()];
    reta[5] = 9;
    assertThatThrownBy(() -> dev.retaUpdate(reta))
        .isInstanceOf(DpdkException.class)
        .hasMessageContaining("Invalid argument")
        .extracting(e -> ((DpdkException) e).errno())
        .isEqualTo(22);
  }

  @Test
  void shouldRefuseAMempoolWhoseNameIsTakenWithDpdksReason() {
    assertThatThrownBy(() -> Mempool.create(dpdk.pool().name(), 511, 0, Mempool.DEFAULT_DATA_ROOM))
        .isInstanceOf(DpdkException.class)
        .hasMessageStartingWith("rte_pktmbuf_pool_create vsd-test failed: File exists");
  }

  @Test
  void shouldShareOneEalAndRefuseOtherArgumentsWhenStartedAgain() {
    assertThat(Eal.start(dpdk.eal().args())).isSameAs(dpdk.eal());
    assertThat(Eal.get()).isSameAs(dpdk.eal());
    assertThatThrownBy(() -> Eal.start(List.of("-l", "0", "--no-huge")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("can be initialised once per process");
  }

  @Test
  void shouldRunTasksOnTheEalThreadWhenCalled() {
    assertThat(dpdk.eal().call(() -> Thread.currentThread().getName())).isEqualTo(Eal.THREAD_NAME);
    assertThat(dpdk.eal().shimVersion()).isBetween(221100, 221199);
  }

  @Test
  void shouldCountFramesInEthStatsWhenTrafficFlows() {
    final EthDev ring = dpdk.port("net_ring0");
    ring.resetStats();
    try (DpdkPort port = new DpdkPort(ring, 0, dpdk.pool());
        io.vstack.port.FrameBatch batch = new io.vstack.port.FrameBatch()) {
      dpdk.eal().registerCurrentThread();
      final byte[] frame = TestEal.frame(300, 1);
      for (int i = 0; i < 3; i++) {
        batch.add(new org.agrona.concurrent.UnsafeBuffer(frame), 0, frame.length);
      }
      port.transmit(batch);
      batch.clear();
      port.receive(batch);
      port.release();
    }
    final EthStats stats = ring.stats();
    assertThat(stats.opackets()).isEqualTo(3);
    assertThat(stats.ipackets()).isEqualTo(3);
  }
}
