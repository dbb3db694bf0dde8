package io.vstack.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vstack.doca.DocaDevice;
import io.vstack.doca.DocaFlowApi;
import io.vstack.doca.DocaFlowOffload;
import io.vstack.doca.DocaLayout;
import io.vstack.doca.DocaUnavailableException;
import io.vstack.dpdk.DpdkPort;
import io.vstack.dpdk.Eal;
import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.Mempool;
import io.vstack.port.FrameBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A DOCA Flow pipe steering tenants by VXLAN VNI on a real BlueField/ConnectX: entries insert,
 * frames from the kernel side land on the tenant's queue, the entry counters equal frames sent.
 *
 * <p>Needs DOCA 3.3, hugepages, and DOCA's own DPDK on the library path with the 22.11 ABI that
 * vstack's DPDK bindings use ({@code LD_LIBRARY_PATH=/opt/mellanox/dpdk/lib/<arch>}; libdoca_flow
 * fails with undefined rte_ symbols against another DPDK). Skips with the reason otherwise.
 */
class DocaFlowHwTest {
  private static final Path DOCA_DPDK_EAL =
      Path.of("/opt/mellanox/dpdk/lib/x86_64-linux-gnu/librte_eal.so.23");
  private static final int FRAMES = 64;
  private static final int LANES = 2;

  @Test
  void shouldSteerTenantsToTheirQueuesAndCountWhenEntriesAreInserted() throws Exception {
    final Hardware hw = Hardware.detect();
    assumeTrue(hw.present(), hw.reason());
    final DocaFlowApi api = docaOrSkip();
    assumeTrue(
        Files.exists(DOCA_DPDK_EAL),
        "DOCA's DPDK with the 22.11 ABI ("
            + DOCA_DPDK_EAL
            + ") not found: vstack's DPDK"
            + " bindings cannot share a process with another DOCA DPDK");
    assumeTrue(hw.hasPeer(), hw.peerReason());
    final DocaLayout layout = DocaLayout.probe();

    final Eal eal =
        Eal.start(List.of("-l", "0-1", "--in-memory", "-a", "pci:00:00.0", "-a", "auxiliary:"));
    try (DocaDevice device = DocaDevice.open(api, hw.pci())) {
      final int portId = device.probeDpdkPort("dv_flow_en=2,dv_xmeta_en=4");
      final Mempool pool = Mempool.create("vstack-doca", 16383, 256, Mempool.DEFAULT_DATA_ROOM);
      final EthDev dev = EthDev.of(portId);
      dev.configure(LANES, LANES, 0);
      for (int q = 0; q < LANES; q++) {
        dev.rxQueueSetup(q, 1024, pool);
        dev.txQueueSetup(q, 1024);
      }
      dev.start();
      try (DocaFlowOffload offload = DocaFlowOffload.start(api, layout, device, portId, 4789, 16)) {
        final DocaFlowOffload.DocaEntry blue = offload.addTenant(100, 1, 1);
        final DocaFlowOffload.DocaEntry red = offload.addTenant(200, 2, 0);
        PeerTraffic.sendVxlan(hw.peer(), 100, FRAMES);
        PeerTraffic.sendVxlan(hw.peer(), 200, FRAMES);
        PeerTraffic.sendVxlan(hw.peer(), 300, FRAMES); // no entry: the pipe's miss drops it

        eal.registerCurrentThread();
        assertThat(receive(dev, pool, 1, 100)).as("VNI 100 frames on lane 1").isEqualTo(FRAMES);
        assertThat(receive(dev, pool, 0, 200)).as("VNI 200 frames on lane 0").isEqualTo(FRAMES);
        Thread.sleep(2_000); // DOCA refreshes counters from a service thread about once a second
        assertThat(offload.query(blue).packets()).isEqualTo(FRAMES);
        assertThat(offload.query(red).packets()).isEqualTo(FRAMES);
      }
    }
  }

  @Test
  void shouldMatchDocaNotesWhenProbingTheInstalledHeaders() {
    final Path header = Path.of("/opt/mellanox/doca/include/doca_flow.h");
    assumeTrue(
        Files.exists(header),
        "DOCA headers not installed: " + header + " missing; install doca-sdk-flow");
    final DocaLayout layout = DocaLayout.probe();

    // Values DOCA-NOTES.md states with high confidence, now checked against real headers.
    assertThat(layout.value("FWD_CHANGEABLE")).isEqualTo(100);
    assertThat(layout.value("PIPE_BASIC")).isZero();
    assertThat(layout.value("RSS_IPV4")).isEqualTo(1);
    assertThat(layout.value("RSS_UDP")).isEqualTo(4);
    assertThat(layout.value("ENTRY_STATUS_SUCCESS")).isEqualTo(1);
    assertThat(layout.value("ENTRY_STATUS_ERROR")).isEqualTo(2);
    assertThat(layout.value("ENTRY_FLAGS_NO_WAIT")).as("3.3 flag names").isEqualTo(1);
    assertThat(layout.offset("FWD_TYPE")).isZero();
    assertThat(layout.size("QUERY_TOTAL_PKTS")).isEqualTo(8);
    assertThat(layout.size("QUERY_TOTAL_BYTES")).isEqualTo(8);
    assertThat(layout.size("MATCH_OUTER_UDP_DST_PORT")).isEqualTo(2);
    assertThat(layout.size("MATCH_TUN_VXLAN_TUN_ID")).isEqualTo(4);
    assertThat(layout.size("ACTIONS_PKT_META")).isEqualTo(4);
    assertThat(layout.offset("MATCH_TUN_VXLAN_TUN_ID")).isLessThan(layout.value("MATCH_SIZE"));
  }

  private static DocaFlowApi docaOrSkip() {
    try {
      return DocaFlowApi.load();
    } catch (final DocaUnavailableException e) {
      assumeTrue(false, e.getMessage());
      throw e;
    }
  }

  private static int receive(final EthDev dev, final Mempool pool, final int lane, final int vni) {
    int count = 0;
    try (DpdkPort rx = new DpdkPort(dev, lane, pool);
        FrameBatch batch = new FrameBatch()) {
      final UnsafeBuffer view = new UnsafeBuffer(0, 0);
      final long deadline = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < deadline) {
        batch.clear();
        rx.receive(batch);
        for (int i = 0; i < batch.size(); i++) {
          assertThat(PeerTraffic.vni(batch.wrap(i, view), 0))
              .as("VNI on lane %d", lane)
              .isEqualTo(vni);
          count++;
        }
      }
    }
    return count;
  }
}
