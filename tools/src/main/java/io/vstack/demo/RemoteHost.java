package io.vstack.demo;

import io.vstack.config.HostConfig;
import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.http.HttpFileServer;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.Port;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Octets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.concurrent.NanoClock;

/**
 * A second vstack host playing one remote VTEP of the configuration: for every local tenant with
 * vIPs at that underlay address, a tenant of the same id and VNI owning those vIPs, with an HTTP
 * file server on the first one (port 80).
 */
final class RemoteHost implements AutoCloseable {
  static final int HTTP_PORT = 80;

  private final int underlay;
  private final FusedFastPath fastPath;
  private final Map<Integer, Integer> slotByLocalSlot = new LinkedHashMap<>();
  private final List<Integer> serverVips = new ArrayList<>();
  private final List<HttpFileServer> servers = new ArrayList<>();

  /**
   * @param index this remote host's position among the remote hosts, for distinct MACs
   * @param local the local host's configuration (its overlay settings are copied)
   * @param registry the local tenants
   * @param remotes the VTEP entries that name {@code underlay}
   */
  RemoteHost(
      final int index,
      final int underlay,
      final HostConfig local,
      final TenantRegistry registry,
      final List<VtepTable.Remote> remotes,
      final Port port,
      final Path files,
      final NanoClock clock) {
    this.underlay = underlay;
    final Map<Integer, List<Integer>> vipsBySlot = new LinkedHashMap<>();
    for (final VtepTable.Remote remote : remotes) {
      vipsBySlot.computeIfAbsent(remote.slot(), s -> new ArrayList<>()).add(remote.virtualIpv4());
    }
    final List<Tenant> tenants = new ArrayList<>();
    final List<VtepTable.Remote> back = new ArrayList<>();
    vipsBySlot.forEach(
        (localSlot, vips) -> {
          final Tenant tenant = registry.tenant(localSlot);
          final int slot = tenants.size();
          final long mac = 0x0200_00FF_0000L | (index << 8) | (slot + 1);
          tenants.add(
              new Tenant(
                  tenant.id(),
                  tenant.name(),
                  tenant.vni(),
                  List.of(new VirtualInterface(mac, vips, List.of())),
                  1,
                  Tenant.NO_CAP,
                  Set.of()));
          for (final VirtualInterface vif : tenant.interfaces()) {
            for (final int vip : vif.ipv4()) {
              back.add(new VtepTable.Remote(slot, vip, local.underlayIpv4()));
            }
          }
          slotByLocalSlot.put(localSlot, slot);
          serverVips.add(vips.get(0));
        });
    final TenantRegistry remoteRegistry = TenantRegistry.of(tenants);
    final OverlaySettings settings =
        new OverlaySettings(
            local.protocol(),
            local.udpPort(),
            local.udpChecksum(),
            underlay,
            0x0200_00FE_0000L | (index + 1),
            Octets.EMPTY,
            underlay);
    this.fastPath =
        new FusedFastPath(
            new FastPathContext()
                .port(port)
                .registry(remoteRegistry)
                .settings(settings)
                .vteps(VtepTable.of(remoteRegistry, underlay, back))
                .clock(clock));
    for (int slot = 0; slot < tenants.size(); slot++) {
      servers.add(
          new HttpFileServer(fastPath.engine(slot), serverVips.get(slot), HTTP_PORT, files, 4));
    }
  }

  int underlay() {
    return underlay;
  }

  /** Whether this host serves the local tenant in {@code localSlot}. */
  boolean serves(final int localSlot) {
    return slotByLocalSlot.containsKey(localSlot);
  }

  /** The vIP of the HTTP server of the local tenant in {@code localSlot}. */
  int serverVip(final int localSlot) {
    return serverVips.get(slotByLocalSlot.get(localSlot));
  }

  FusedFastPath fastPath() {
    return fastPath;
  }

  /** The slot here of the local tenant in {@code localSlot}'s counterpart. */
  int slotOf(final int localSlot) {
    return slotByLocalSlot.get(localSlot);
  }

  /** One duty cycle: the fast path and the file servers. */
  int doWork(final long now) {
    int work = fastPath.doWork();
    for (final HttpFileServer server : servers) {
      work += server.doWork(now);
    }
    fastPath.flush();
    return work;
  }

  @Override
  public void close() {
    servers.forEach(HttpFileServer::close);
    fastPath.close();
  }
}
