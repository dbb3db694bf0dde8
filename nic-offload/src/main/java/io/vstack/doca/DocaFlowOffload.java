package io.vstack.doca;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Groundwork of the DOCA Flow backend: per-tenant VXLAN steering on one port, following
 * DOCA-NOTES.md's recipe 1b. One basic root pipe matches outer IPv4 / UDP dst port / VXLAN with a
 * per-entry VNI; each tenant entry sets {@code pkt_meta} to the tenant id (DOCA 3.1+ replaced MARK
 * by it; DPDK reads it from the mbuf's dynamic metadata field), forwards by RSS to the tenant's
 * lane queue and counts; frames missing every entry are dropped (the pipe's miss forward), as the
 * unknown-VNI rule of the rte_flow backend does.
 *
 * <p><b>Not run on hardware.</b> Sequence and signatures are from public DOCA 3.3 headers and
 * samples; struct offsets come from the target's headers at run time ({@link DocaLayout#probe()}).
 * Unverified: per-entry RSS forward through a CHANGEABLE pipe forward, the entry status polling,
 * and counter refresh timing (DOCA caches counters, about 1 s). The hwtests module exercises it
 * where a BlueField/ConnectX with DOCA exists.
 *
 * <p>Before {@link #start}: EAL initialised, the device opened and probed into DPDK ({@link
 * DocaDevice}), the DPDK port configured with at least one rx queue and started.
 */
public final class DocaFlowOffload implements AutoCloseable {
  private static final short QUEUE = 0;
  private static final long PROCESS_TIMEOUT_US = 10_000;

  private final DocaFlowApi api;
  private final DocaLayout layout;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment port;
  private final MemorySegment pipe;
  private boolean closed;

  private DocaFlowOffload(
      final DocaFlowApi api,
      final DocaLayout layout,
      final MemorySegment port,
      final MemorySegment pipe) {
    this.api = api;
    this.layout = layout;
    this.port = port;
    this.pipe = pipe;
  }

  /**
   * Initialises DOCA Flow (VNF mode, hardware steering), starts the DOCA port over DPDK port {@code
   * dpdkPortId} of {@code device} and creates the tenant pipe.
   *
   * @param udpPort the overlay UDP port (4789 for VXLAN)
   * @param maxTenants pipe entries and counters to reserve
   */
  public static DocaFlowOffload start(
      final DocaFlowApi api,
      final DocaLayout layout,
      final DocaDevice device,
      final int dpdkPortId,
      final int udpPort,
      final int maxTenants) {
    try (Arena call = Arena.ofConfined()) {
      final MemorySegment out = call.allocate(ADDRESS);
      api.check("doca_flow_cfg_create", (int) api.cfgCreate.invokeExact(out));
      final MemorySegment cfg = out.get(ADDRESS, 0);
      try {
        api.check(
            "doca_flow_cfg_set_pipe_queues",
            (int) api.cfgSetPipeQueues.invokeExact(cfg, (short) 1));
        api.check(
            "doca_flow_cfg_set_mode_args",
            (int) api.cfgSetModeArgs.invokeExact(cfg, call.allocateFrom("vnf,hws")));
        api.check(
            "doca_flow_cfg_set_nr_counters",
            (int) api.cfgSetNrCounters.invokeExact(cfg, maxTenants));
        api.check("doca_flow_init", (int) api.init.invokeExact(cfg));
      } finally {
        final int ignored = (int) api.cfgDestroy.invokeExact(cfg);
      }
      MemorySegment port = MemorySegment.NULL;
      try {
        port = startPort(api, call, device, dpdkPortId);
        return new DocaFlowOffload(
            api, layout, port, createPipe(api, layout, call, port, udpPort, maxTenants));
      } catch (final Throwable t) {
        if (port.address() != 0) {
          final int ignored = (int) api.portStop.invokeExact(port);
        }
        api.destroy.invokeExact();
        throw t;
      }
    } catch (final Throwable t) {
      throw DocaFlowApi.rethrow(t);
    }
  }

  private static MemorySegment startPort(
      final DocaFlowApi api, final Arena call, final DocaDevice device, final int dpdkPortId)
      throws Throwable {
    final MemorySegment out = call.allocate(ADDRESS);
    api.check("doca_flow_port_cfg_create", (int) api.portCfgCreate.invokeExact(out));
    final MemorySegment portCfg = out.get(ADDRESS, 0);
    try {
      api.check(
          "doca_flow_port_cfg_set_dev",
          (int) api.portCfgSetDev.invokeExact(portCfg, device.handle()));
      api.check(
          "doca_flow_port_cfg_set_port_id",
          (int) api.portCfgSetPortId.invokeExact(portCfg, (short) dpdkPortId));
      final MemorySegment portOut = call.allocate(ADDRESS);
      api.check("doca_flow_port_start", (int) api.portStart.invokeExact(portCfg, portOut));
      return portOut.get(ADDRESS, 0);
    } finally {
      final int ignored = (int) api.portCfgDestroy.invokeExact(portCfg);
    }
  }

  private static MemorySegment createPipe(
      final DocaFlowApi api,
      final DocaLayout layout,
      final Arena call,
      final MemorySegment port,
      final int udpPort,
      final int maxTenants)
      throws Throwable {
    final MemorySegment out = call.allocate(ADDRESS);
    api.check("doca_flow_pipe_cfg_create", (int) api.pipeCfgCreate.invokeExact(out, port));
    final MemorySegment cfg = out.get(ADDRESS, 0);
    try {
      api.check(
          "doca_flow_pipe_cfg_set_name",
          (int) api.pipeCfgSetName.invokeExact(cfg, call.allocateFrom("vstack-tenants")));
      api.check(
          "doca_flow_pipe_cfg_set_type",
          (int) api.pipeCfgSetType.invokeExact(cfg, (int) layout.value("PIPE_BASIC")));
      api.check(
          "doca_flow_pipe_cfg_set_is_root", (int) api.pipeCfgSetIsRoot.invokeExact(cfg, true));
      api.check(
          "doca_flow_pipe_cfg_set_nr_entries",
          (int) api.pipeCfgSetNrEntries.invokeExact(cfg, maxTenants));
      final MemorySegment match = call.allocate(layout.value("MATCH_SIZE"), 8);
      DocaStructs.pipeMatch(layout, match, udpPort);
      api.check(
          "doca_flow_pipe_cfg_set_match",
          (int) api.pipeCfgSetMatch.invokeExact(cfg, match, MemorySegment.NULL));
      final MemorySegment actions = call.allocate(layout.value("ACTIONS_SIZE"), 8);
      DocaStructs.pipeActions(layout, actions);
      final MemorySegment actionArray = call.allocate(ADDRESS);
      actionArray.set(ADDRESS, 0, actions);
      api.check(
          "doca_flow_pipe_cfg_set_actions",
          (int)
              api.pipeCfgSetActions.invokeExact(
                  cfg, actionArray, MemorySegment.NULL, MemorySegment.NULL, 1L));
      final MemorySegment monitor = call.allocate(layout.value("MONITOR_SIZE"), 8);
      DocaStructs.counterMonitor(layout, monitor);
      api.check(
          "doca_flow_pipe_cfg_set_monitor", (int) api.pipeCfgSetMonitor.invokeExact(cfg, monitor));
      final MemorySegment fwd = call.allocate(layout.value("FWD_SIZE"), 8);
      DocaStructs.forward(layout, fwd, "FWD_CHANGEABLE");
      final MemorySegment miss = call.allocate(layout.value("FWD_SIZE"), 8);
      DocaStructs.forward(layout, miss, "FWD_DROP");
      final MemorySegment pipeOut = call.allocate(ADDRESS);
      api.check("doca_flow_pipe_create", (int) api.pipeCreate.invokeExact(cfg, fwd, miss, pipeOut));
      return pipeOut.get(ADDRESS, 0);
    } finally {
      final int ignored = (int) api.pipeCfgDestroy.invokeExact(cfg);
    }
  }

  /**
   * Adds the entry of one tenant: VNI {@code vni} gets {@code pkt_meta = tenantId}, goes to rx
   * queue {@code lane} and is counted. Waits for DOCA to complete the insertion.
   */
  public DocaEntry addTenant(final int vni, final int tenantId, final int lane) {
    try (Arena call = Arena.ofConfined()) {
      final MemorySegment match = call.allocate(layout.value("MATCH_SIZE"), 8);
      DocaStructs.entryMatch(layout, match, vni);
      final MemorySegment actions = call.allocate(layout.value("ACTIONS_SIZE"), 8);
      DocaStructs.entryActions(layout, actions, tenantId);
      final MemorySegment monitor = call.allocate(layout.value("MONITOR_SIZE"), 8);
      DocaStructs.counterMonitor(layout, monitor);
      final MemorySegment queues = arena.allocate(JAVA_SHORT);
      queues.set(JAVA_SHORT, 0, (short) lane);
      final MemorySegment fwd = call.allocate(layout.value("FWD_SIZE"), 8);
      DocaStructs.rssForward(layout, fwd, queues, 1);
      final MemorySegment out = call.allocate(ADDRESS);
      api.check(
          "doca_flow_pipe_basic_add_entry",
          (int)
              api.pipeBasicAddEntry.invokeExact(
                  QUEUE,
                  pipe,
                  match,
                  (byte) 0,
                  actions,
                  monitor,
                  fwd,
                  (int) layout.value("ENTRY_FLAGS_NO_WAIT"),
                  MemorySegment.NULL,
                  out));
      final MemorySegment entry = out.get(ADDRESS, 0);
      api.check(
          "doca_flow_entries_process",
          (int) api.entriesProcess.invokeExact(port, QUEUE, PROCESS_TIMEOUT_US, 0));
      final int status = (int) api.entryGetStatus.invokeExact(entry);
      if (status != layout.value("ENTRY_STATUS_SUCCESS")) {
        throw new DocaException(
            "insertion of the entry for VNI " + vni, status, "entry status " + status);
      }
      return new DocaEntry(entry, vni, tenantId, lane);
    } catch (final Throwable t) {
      throw DocaFlowApi.rethrow(t);
    }
  }

  /** Packets and bytes counted by {@code entry} (DOCA refreshes counters about once a second). */
  public DocaCount query(final DocaEntry entry) {
    try (Arena call = Arena.ofConfined()) {
      final MemorySegment query = call.allocate(layout.value("QUERY_SIZE"), 8);
      api.check(
          "doca_flow_resource_query_entry",
          (int) api.resourceQueryEntry.invokeExact(entry.handle(), query));
      return new DocaCount(
          layout.get(query, "QUERY_TOTAL_PKTS"), layout.get(query, "QUERY_TOTAL_BYTES"));
    } catch (final Throwable t) {
      throw DocaFlowApi.rethrow(t);
    }
  }

  /** Flushes the pipes, stops the port and tears DOCA Flow down (sample order). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      api.portPipesFlush.invokeExact(port);
      final int ignored = (int) api.portStop.invokeExact(port);
      api.destroy.invokeExact();
    } catch (final Throwable t) {
      throw DocaFlowApi.rethrow(t);
    } finally {
      arena.close();
    }
  }

  /** One tenant's pipe entry. */
  public record DocaEntry(MemorySegment handle, int vni, int tenantId, int lane) {}

  /** A counter reading. */
  public record DocaCount(long packets, long bytes) {}
}
