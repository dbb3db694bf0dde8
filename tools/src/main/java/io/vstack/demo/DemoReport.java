package io.vstack.demo;

import io.vstack.control.Json;
import io.vstack.fastpath.FastPathCounters;
import io.vstack.tenant.TenantRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo measured: per tenant (and for the stack's own work) packets, bytes, cycles and
 * drops by reason; the transfers; and the checks, each passed or not.
 */
public final class DemoReport {
  /** A named check; {@code detail} says what was seen when it failed. */
  public record Check(String name, boolean passed, String detail) {}

  /**
   * One row of the accounting table. For the stack's row ({@code vni} -1) packets and bytes are 0.
   */
  public record Row(
      String name,
      int vni,
      long rxPackets,
      long rxBytes,
      long txPackets,
      long txBytes,
      long cycles,
      long nanos,
      Map<String, Long> drops) {
    /** Nanoseconds of stack work per packet received or sent, 0 without packets. */
    public double nanosPerPacket() {
      final long packets = rxPackets + txPackets;
      return packets == 0 ? 0 : nanos / (double) packets;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final List<Map<String, Object>> transfers = new ArrayList<>();
  private final List<Check> checks;
  private final Map<String, Object> facts;
  private final long portRxFrames;
  private final long portTxFrames;
  private final long cyclesPerSecond;

  DemoReport(
      final TenantRegistry tenants,
      final ChargedHost host,
      final List<Transfer> transfers,
      final List<Check> checks,
      final Map<String, Object> facts) {
    final FastPathCounters counters = host.fastPath().counters();
    for (int slot = 0; slot <= tenants.size(); slot++) {
      final boolean stack = slot == host.stackRow();
      final long cycles = host.cycles(slot);
      rows.add(
          new Row(
              stack ? "(stack)" : tenants.tenant(slot).name(),
              stack ? -1 : tenants.tenant(slot).vni(),
              stack ? 0 : counters.rxPackets(slot),
              stack ? 0 : counters.rxBytes(slot),
              stack ? 0 : counters.txPackets(slot),
              stack ? 0 : counters.txBytes(slot),
              cycles,
              host.meter().toNanos(cycles),
              host.drops().drops(slot)));
    }
    for (final Transfer transfer : transfers) {
      final Map<String, Object> json = new LinkedHashMap<>();
      json.put("tenant", transfer.tenant());
      json.put("url", transfer.url());
      json.put("bytes", transfer.bytes());
      json.put("sha256", transfer.sha256());
      json.put("passed", transfer.passed());
      this.transfers.add(json);
    }
    this.checks = List.copyOf(checks);
    this.facts = facts;
    this.portRxFrames = host.port().counters().rxFrames();
    this.portTxFrames = host.port().counters().txFrames();
    this.cyclesPerSecond = host.meter().calibration().cyclesPerSecond();
  }

  /** One row per tenant, in slot order, then the stack's row. */
  public List<Row> rows() {
    return rows;
  }

  public List<Check> checks() {
    return checks;
  }

  /** The first failed check, or null when all passed. */
  public Check firstFailure() {
    return checks.stream().filter(c -> !c.passed()).findFirst().orElse(null);
  }

  public long portRxFrames() {
    return portRxFrames;
  }

  public long portTxFrames() {
    return portTxFrames;
  }

  /** The whole report as one JSON object ({@link Json#write}). */
  public String toJson() {
    final Map<String, Object> json = new LinkedHashMap<>();
    final List<Map<String, Object>> tenantRows = new ArrayList<>();
    Map<String, Object> stack = null;
    for (final Row row : rows) {
      final Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", row.name());
      if (row.vni() >= 0) {
        r.put("vni", row.vni());
        r.put("rx_packets", row.rxPackets());
        r.put("rx_bytes", row.rxBytes());
        r.put("tx_packets", row.txPackets());
        r.put("tx_bytes", row.txBytes());
      }
      r.put("cycles", row.cycles());
      r.put("ns", row.nanos());
      if (row.vni() >= 0) {
        r.put("ns_per_packet", Json.decimal(row.nanosPerPacket(), 1));
      }
      r.put("drops", new LinkedHashMap<String, Object>(row.drops()));
      if (row.vni() >= 0) {
        tenantRows.add(r);
      } else {
        stack = r;
      }
    }
    json.put("tenants", tenantRows);
    json.put("stack", stack);
    json.put("transfers", transfers);
    json.put("port_rx_frames", portRxFrames);
    json.put("port_tx_frames", portTxFrames);
    json.put("cycles_per_second", cyclesPerSecond);
    json.putAll(facts);
    final List<Map<String, Object>> checkList = new ArrayList<>();
    for (final Check check : checks) {
      final Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", check.name());
      c.put("passed", check.passed());
      c.put("detail", check.detail());
      checkList.add(c);
    }
    json.put("checks", checkList);
    json.put("passed", firstFailure() == null);
    return Json.write(json);
  }
}
