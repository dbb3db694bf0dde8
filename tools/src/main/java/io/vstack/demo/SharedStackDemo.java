package io.vstack.demo;

import io.vstack.config.HostConfig;
import io.vstack.config.VstackConfig;
import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FastPathCounters;
import io.vstack.http.HttpFileServer;
import io.vstack.meter.CycleMeter;
import io.vstack.overlay.DecapDrop;
import io.vstack.overlay.Decapsulator;
import io.vstack.overlay.VtepTable;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv4Packet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What {@code vstack demo} shows: one shared stack (the fused fast path) serving every tenant of a
 * configuration, on a software wire to remote vstack hosts that play the configuration's VTEPs.
 *
 * <ol>
 *   <li>Every tenant downloads a file over HTTP from its remote vIP through the overlay (SHA-256
 *       checked), all at once, tenants with the same vIP included.
 *   <li>Two peer tenants on this host talk through the virtual switch: nothing reaches the wire.
 *   <li>A tenant tries a tenant that is not its peer: every SYN is refused (isolated).
 *   <li>A rogue host on the underlay replays a captured frame with a forged inner source IP, a
 *       forged inner source MAC, and a VNI no tenant has: each is dropped and counted by reason.
 * </ol>
 *
 * <p>Everything runs on one thread. The stack's clock is simulated (it advances {@link #TICK_NANOS}
 * per busy duty cycle, {@link #IDLE_TICK_NANOS} per idle one) so TCP's timers cost no waiting; the
 * cycles charged to each tenant are measured by a {@link CycleMeter} on the thread's CPU time, so
 * time the operating system gives to other processes is charged to nobody.
 */
public final class SharedStackDemo implements AutoCloseable {
  /** File bytes of the first tenant's download; the next ones get 1.5x, 2x, 1x, 1.5x, ... */
  public static final long DEFAULT_FILE_BYTES = 2L << 20;

  static final long TICK_NANOS = 20_000;
  static final long IDLE_TICK_NANOS = 5_000_000;
  static final int FORGED_FRAMES = 3;
  static final int SPOOFED_VIP = Ipv4Address.parse("198.51.100.66");
  private static final long PHASE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(600);
  private static final long REAL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final String BUILT_IN = "demo.yaml";

  private final VstackConfig config;
  private final TenantRegistry tenants;
  private final PrintWriter progress;
  private final CachedNanoClock clock = new CachedNanoClock();
  private final Underlay underlay;
  private final ChargedHost local;
  private final List<RemoteHost> remotes = new ArrayList<>();
  private final MemoryPort rogue;
  private final Path files;
  private final Map<Integer, String> fileSha256 = new LinkedHashMap<>();
  private final Map<Integer, Long> fileBytes = new LinkedHashMap<>();
  private final List<List<ChargedHost.App>> apps = new ArrayList<>();
  private final Map<Integer, HttpFileServer> localServers = new LinkedHashMap<>();
  private final List<Transfer> transfers = new ArrayList<>();
  private final List<DemoReport.Check> checks = new ArrayList<>();
  private final Map<String, Object> facts = new LinkedHashMap<>();
  private int nextLocalPort = 40_000;

  /**
   * Builds the hosts of {@code config} (its host, tenants and VTEPs; ports and rules are not used)
   * and the files to serve.
   *
   * @param progress where to print what happens, or null for silence
   */
  public SharedStackDemo(
      final VstackConfig config, final long firstFileBytes, final PrintWriter progress) {
    this.config = config;
    this.tenants = config.tenants();
    this.progress = progress;
    final HostConfig host = config.host();
    final int frameLength = host.underlayMtu() + EthernetFrame.HEADER_LENGTH;
    this.underlay = new Underlay(frameLength);
    this.files = createFiles(firstFileBytes);
    this.local =
        new ChargedHost(
            new FastPathContext()
                .port(underlay.attach("local"))
                .registry(tenants)
                .settings(host.overlaySettings())
                .vteps(config.vteps())
                .clock(clock),
            CycleMeter.threadCpu());
    final Map<Integer, List<VtepTable.Remote>> byHost = new LinkedHashMap<>();
    for (final VtepTable.Remote remote : config.vteps().remotes()) {
      byHost.computeIfAbsent(remote.underlayIpv4(), h -> new ArrayList<>()).add(remote);
    }
    byHost.forEach(
        (address, entries) ->
            remotes.add(
                new RemoteHost(
                    remotes.size(),
                    address,
                    host,
                    tenants,
                    entries,
                    underlay.attach("remote" + remotes.size()),
                    files,
                    clock)));
    this.rogue = underlay.attach("rogue");
    for (int slot = 0; slot < tenants.size(); slot++) {
      apps.add(new ArrayList<>());
    }
  }

  /** The built-in configuration: examples/vstack.yaml's tenants, every VTEP on one remote host. */
  public static VstackConfig builtInConfig() {
    try (InputStream in = SharedStackDemo.class.getResourceAsStream(BUILT_IN)) {
      return VstackConfig.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + BUILT_IN);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the four steps and returns the per-tenant accounting and the checks. */
  public DemoReport run() {
    final long start = System.nanoTime();
    describe();
    downloads();
    waitForQuiet();
    localTransfer();
    isolation();
    forgedFrames();
    checkAccounting();
    facts.put(
        "remote_hosts", remotes.stream().map(r -> Ipv4Address.toString(r.underlay())).toList());
    facts.put("wall_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    facts.put("simulated_ms", TimeUnit.NANOSECONDS.toMillis(clock.nanoTime()));
    return new DemoReport(tenants, local, transfers, checks, facts);
  }

  // ---------------------------------------------------------------------------------------------
  // The four steps
  // ---------------------------------------------------------------------------------------------

  private void downloads() {
    say("[1/4] every tenant downloads a file from its remote host through the overlay, at once");
    final List<Transfer> started = new ArrayList<>();
    for (int slot = 0; slot < tenants.size(); slot++) {
      final RemoteHost remote = remoteOf(slot);
      if (remote == null || firstVip(slot) == 0) {
        say("  %-8s no remote vIP in the config's vteps: no download", name(slot));
        continue;
      }
      started.add(download(slot, remote.serverVip(slot), slot));
    }
    final long[] nextProgress = {System.nanoTime() + PROGRESS_NANOS};
    final boolean done =
        runUntil(
            () -> {
              if (System.nanoTime() - nextProgress[0] > 0) {
                nextProgress[0] += PROGRESS_NANOS;
                say("  %s", percentages(started));
              }
              return started.stream().allMatch(Transfer::isDone);
            });
    for (final Transfer transfer : started) {
      check(
          transfer.tenant() + " downloads " + transfer.url(),
          transfer.passed(),
          done ? transfer.failure() : "not finished in time");
    }
  }

  private void localTransfer() {
    final int[] pair = localPeers();
    if (pair == null) {
      say("[2/4] no two tenants here are peers: no local transfer");
      return;
    }
    final int client = pair[0];
    final int server = pair[1];
    say(
        "[2/4] %s downloads from its peer %s on this host: the virtual switch delivers it",
        name(client), name(server));
    final long wireBefore = local.port().counters().txFrames();
    final long localBefore = counters().localDelivered();
    localServer(server);
    final Transfer transfer = download(client, firstVip(server), server);
    final boolean done = runUntil(transfer::isDone);
    final long wireFrames = local.port().counters().txFrames() - wireBefore;
    final long delivered = counters().localDelivered() - localBefore;
    say(
        "  frames delivered locally: %d, frames this host put on the wire: %d",
        delivered, wireFrames);
    facts.put("local_transfer_frames", delivered);
    facts.put("local_transfer_wire_frames", wireFrames);
    check(
        name(client) + " downloads from " + name(server) + " locally",
        done && transfer.passed(),
        transfer.failure());
    check(
        "the local transfer put nothing on the wire",
        wireFrames == 0 && delivered > 0,
        wireFrames + " frames on the wire, " + delivered + " delivered locally");
  }

  private void isolation() {
    final int[] pair = isolatedPair();
    if (pair == null) {
      say("[3/4] every tenant here is every other's peer: nothing to refuse");
      return;
    }
    final int client = pair[0];
    final int server = pair[1];
    localServer(server);
    say("[3/4] %s connects to %s, which is not its peer", name(client), name(server));
    final TcpEngine engine = local.engine(client);
    final long refusedBefore = local.drops().count(client, "tx_isolated");
    final long serverRxBefore = counters().rxPackets(server);
    final long wireBefore = local.port().counters().txFrames();
    final int[] id = {-1};
    final int port = nextLocalPort++;
    local.run(
        client,
        now -> {
          id[0] =
              engine.connect(firstVip(client), port, firstVip(server), RemoteHost.HTTP_PORT, now);
          return 1;
        },
        clock.nanoTime());
    final boolean closed = id[0] >= 0 && runUntil(() -> engine.state(id[0]) == TcpState.CLOSED);
    final long refused = local.drops().count(client, "tx_isolated") - refusedBefore;
    final long serverRx = counters().rxPackets(server) - serverRxBefore;
    final long wire = local.port().counters().txFrames() - wireBefore;
    say(
        "  %d SYNs refused (isolated), %d packets reached %s, %d frames on the wire; connection %s",
        refused,
        serverRx,
        name(server),
        wire,
        closed ? closeReason(engine.closeReason(id[0])) : "open");
    facts.put("isolated_syns", refused);
    check(
        name(client) + " cannot reach " + name(server),
        closed
            && engine.closeReason(id[0]) == TcpEngine.CLOSE_TIMEOUT
            && refused > 0
            && serverRx == 0
            && wire == 0,
        refused + " SYNs refused, " + serverRx + " packets delivered, " + wire + " on the wire");
  }

  private void forgedFrames() {
    final int victim = transfers.isEmpty() ? -1 : tenants.slotOfName(transfers.get(0).tenant());
    final RemoteHost remote = victim < 0 ? null : remoteOf(victim);
    if (remote == null) {
      say("[4/4] no tenant with a remote host: no frame to forge");
      return;
    }
    say(
        "[4/4] a rogue host on the underlay replays a frame from %s to %s, forged, %d times each",
        Ipv4Address.toString(remote.underlay()), name(victim), FORGED_FRAMES);
    final byte[] captured = capture(remote, victim);
    if (captured == null) {
      check("forged frames dropped", false, "no frame of " + name(victim) + " to copy");
      return;
    }
    waitForQuiet(); // the copied frame itself reaches the tenant too (and is answered)
    final int stack = local.stackRow();
    final long ipBefore = local.drops().count(victim, "rx_spoofed_source_ip");
    final long macBefore = local.drops().count(victim, "rx_spoofed_source_mac");
    final long vniBefore = local.drops().count(stack, "rx_unknown_vni");
    final long rxBefore = counters().rxPackets(victim);
    injectForged(captured, victim);
    runUntil(quiet());
    final long ip = local.drops().count(victim, "rx_spoofed_source_ip") - ipBefore;
    final long mac = local.drops().count(victim, "rx_spoofed_source_mac") - macBefore;
    final long vni = local.drops().count(stack, "rx_unknown_vni") - vniBefore;
    final long delivered = counters().rxPackets(victim) - rxBefore;
    say(
        "  dropped: forged source IP %d, forged source MAC %d (%s's row), unknown VNI %d (stack row);"
            + " delivered: %d",
        ip, mac, name(victim), vni, delivered);
    check(
        "forged frames dropped and counted by reason",
        ip == FORGED_FRAMES && mac == FORGED_FRAMES && vni == FORGED_FRAMES && delivered == 0,
        "source IP " + ip + ", source MAC " + mac + ", unknown VNI " + vni);
  }

  /** Every tenant was charged at least the bytes it downloaded (bodies plus headers). */
  private void checkAccounting() {
    for (int slot = 0; slot < tenants.size(); slot++) {
      long body = 0;
      for (final Transfer transfer : transfers) {
        body += transfer.tenant().equals(name(slot)) ? transfer.bytes() : 0;
      }
      final long rx = counters().rxBytes(slot);
      check(
          name(slot) + " was charged for what it received",
          rx >= body && (body == 0 || local.cycles(slot) > 0),
          "rx " + rx + " bytes < " + body + " bytes downloaded, or no cycles");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Driving the hosts
  // ---------------------------------------------------------------------------------------------

  /** Runs duty cycles of every host until {@code done}; false when a time limit came first. */
  private boolean runUntil(final BooleanSupplier done) {
    final long simulatedLimit = clock.nanoTime() + PHASE_LIMIT_NANOS;
    final long realLimit = System.nanoTime() + REAL_LIMIT_NANOS;
    int work = 1;
    while (!done.getAsBoolean()) {
      if (clock.nanoTime() - simulatedLimit > 0 || System.nanoTime() - realLimit > 0) {
        return false;
      }
      clock.advance(work > 0 ? TICK_NANOS : IDLE_TICK_NANOS);
      final long now = clock.nanoTime();
      work = local.receive();
      for (int k = 0; k < apps.size(); k++) {
        for (final ChargedHost.App app : apps.get(local.turn(k))) {
          work += local.run(local.turn(k), app, now);
        }
      }
      work += local.timers(now);
      for (final RemoteHost remote : remotes) {
        work += remote.doWork(now);
      }
      work += underlay.forward();
    }
    return true;
  }

  /** A condition that holds once this host's port has been silent for {@link #QUIET_NANOS}. */
  private BooleanSupplier quiet() {
    final long[] last = {-1, 0};
    return () -> {
      final long frames = local.port().counters().rxFrames() + local.port().counters().txFrames();
      if (frames != last[0]) {
        last[0] = frames;
        last[1] = clock.nanoTime();
      }
      return clock.nanoTime() - last[1] >= QUIET_NANOS;
    };
  }

  private void waitForQuiet() {
    runUntil(quiet());
  }

  private Transfer download(final int slot, final int serverVip, final int fileSlot) {
    final Transfer transfer =
        new Transfer(
            name(slot),
            local.engine(slot),
            firstVip(slot),
            nextLocalPort++,
            serverVip,
            "/" + name(fileSlot) + ".bin",
            fileBytes.get(fileSlot),
            fileSha256.get(fileSlot));
    transfers.add(transfer);
    apps.get(slot).add(now -> announce(transfer, transfer.step(now)));
    return transfer;
  }

  private int announce(final Transfer transfer, final int work) {
    if (work > 0 && transfer.isDone()) {
      say(
          "  %-8s %s  %s  %s  %d ms",
          transfer.tenant(),
          transfer.url(),
          mebibytes(transfer.bytes()),
          transfer.passed() ? "sha256 " + transfer.sha256().substring(0, 16) + " ok" : "FAILED",
          TimeUnit.NANOSECONDS.toMillis(transfer.elapsedNanos()));
      if (!transfer.passed()) {
        say("  %-8s %s", "", transfer.failure());
      }
    }
    return work;
  }

  private void localServer(final int slot) {
    if (!localServers.containsKey(slot)) {
      final HttpFileServer server =
          new HttpFileServer(local.engine(slot), firstVip(slot), RemoteHost.HTTP_PORT, files, 4);
      localServers.put(slot, server);
      apps.get(slot).add(server::doWork);
    }
  }

  /** A frame from {@code remote} to the tenant, copied off the underlay by the rogue host. */
  private byte[] capture(final RemoteHost remote, final int slot) {
    drain(rogue);
    final TcpEngine engine = remote.fastPath().engine(remote.slotOf(slot));
    // A connection attempt to a closed port of the tenant: a legitimate frame to copy.
    engine.connect(remote.serverVip(slot), 40_999, firstVip(slot), 9, clock.nanoTime());
    final Decapsulator decap = new Decapsulator(config.host().overlaySettings());
    final byte[][] frame = {null};
    try (FrameBatch batch = new FrameBatch()) {
      runUntil(
          () -> {
            batch.clear();
            final int n = rogue.receive(batch);
            for (int i = 0; i < n && frame[0] == null; i++) {
              final UnsafeBuffer view = batch.wrap(i, new UnsafeBuffer(0, 0));
              if (decap.decapsulate(view, 0, batch.length(i)) == DecapDrop.PASS
                  && decap.vni() == tenants.tenant(slot).vni()) {
                frame[0] = new byte[batch.length(i)];
                view.getBytes(0, frame[0]);
              }
            }
            return frame[0] != null;
          });
    }
    return frame[0];
  }

  /**
   * Replays {@code captured} {@link #FORGED_FRAMES} times each with a forged inner source IP
   * (header checksum fixed, so only the VTEP check can catch it), the tenant's own vMAC as inner
   * source MAC, and a VNI no tenant has.
   */
  private void injectForged(final byte[] captured, final int slot) {
    final Decapsulator decap = new Decapsulator(config.host().overlaySettings());
    final UnsafeBuffer frame = new UnsafeBuffer(captured.clone());
    decap.decapsulate(frame, 0, captured.length);
    final int inner = decap.innerOffset();
    final EthernetFrame ethernet = new EthernetFrame();
    final Ipv4Packet ipv4 = new Ipv4Packet();
    int unknownVni = 0xABCDE;
    while (tenants.slotOfVni(unknownVni) != TenantRegistry.NO_SLOT) {
      unknownVni++;
    }
    try (FrameBatch batch = new FrameBatch()) {
      for (int i = 0; i < FORGED_FRAMES; i++) {
        frame.putBytes(0, captured);
        ethernet.wrap(frame, inner, decap.innerLength());
        ipv4.wrap(frame, ethernet.payloadOffset(), ethernet.payloadLength());
        ipv4.checksum(InternetChecksum.update32(ipv4.checksum(), ipv4.source(), SPOOFED_VIP))
            .source(SPOOFED_VIP);
        batch.add(frame, 0, captured.length);

        frame.putBytes(0, captured);
        ethernet.wrap(frame, inner, decap.innerLength());
        ethernet.source(tenants.tenant(slot).interfaces().get(0).mac());
        batch.add(frame, 0, captured.length);

        frame.putBytes(0, captured);
        // VXLAN and Geneve (without options) both carry the VNI in bytes 4-6 of their header.
        frame.putInt(inner - 4, unknownVni << 8, ByteOrder.BIG_ENDIAN);
        batch.add(frame, 0, captured.length);
      }
      rogue.transmit(batch);
    }
  }

  private static void drain(final MemoryPort port) {
    try (FrameBatch batch = new FrameBatch()) {
      do {
        batch.clear();
      } while (port.receive(batch) > 0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Tenants and files
  // ---------------------------------------------------------------------------------------------

  /** Client and server of the local transfer: the first two tenants that are each other's peer. */
  private int[] localPeers() {
    for (int client = 0; client < tenants.size(); client++) {
      for (int server = 0; server < tenants.size(); server++) {
        if (client != server
            && tenants.checkPeer(client, server) == TenantDrop.PASS
            && reachable(client, server)) {
          return new int[] {client, server};
        }
      }
    }
    return null;
  }

  /** A tenant and a tenant it may not reach, preferring the local transfer's server. */
  private int[] isolatedPair() {
    final int[] peers = localPeers();
    final int preferred = peers == null ? -1 : peers[1];
    int[] found = null;
    for (int client = 0; client < tenants.size(); client++) {
      for (int server = 0; server < tenants.size(); server++) {
        if (tenants.checkPeer(client, server) == TenantDrop.ISOLATED && reachable(client, server)) {
          if (server == preferred) {
            return new int[] {client, server};
          }
          found = found == null ? new int[] {client, server} : found;
        }
      }
    }
    return found;
  }

  /**
   * Whether both tenants have an address and the server's is not also the client's own (tenants may
   * overlap: blue's 10.0.0.1 is not red's 10.0.0.1).
   */
  private boolean reachable(final int client, final int server) {
    return firstVip(client) != 0
        && firstVip(server) != 0
        && !tenants.ownsIpv4(client, firstVip(server));
  }

  private RemoteHost remoteOf(final int slot) {
    for (final RemoteHost remote : remotes) {
      if (remote.serves(slot)) {
        return remote;
      }
    }
    return null;
  }

  /** The tenant's first IPv4 address, or 0 when it has none. */
  private int firstVip(final int slot) {
    for (final VirtualInterface vif : tenants.tenant(slot).interfaces()) {
      if (!vif.ipv4().isEmpty()) {
        return vif.ipv4().get(0);
      }
    }
    return 0;
  }

  private String name(final int slot) {
    return tenants.tenant(slot).name();
  }

  private FastPathCounters counters() {
    return local.fastPath().counters();
  }

  private Path createFiles(final long firstFileBytes) {
    try {
      final Path dir = Files.createTempDirectory("vstack-demo");
      final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (int slot = 0; slot < tenants.size(); slot++) {
        final byte[] content = new byte[(int) (firstFileBytes * (2 + slot % 3) / 2)];
        new Random(slot).nextBytes(content);
        Files.write(dir.resolve(name(slot) + ".bin"), content);
        fileBytes.put(slot, (long) content.length);
        fileSha256.put(slot, HexFormat.of().formatHex(sha256.digest(content)));
      }
      return dir;
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot write the demo's files: " + e.getMessage(), e);
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output
  // ---------------------------------------------------------------------------------------------

  private void describe() {
    final HostConfig host = config.host();
    say(
        "vstack demo: one shared stack (fused fast path) serving %d tenants, %s over a software"
            + " wire",
        tenants.size(), host.protocol());
    say("  local host %s: the shared stack", Ipv4Address.toString(host.underlayIpv4()));
    for (int slot = 0; slot < tenants.size(); slot++) {
      final Tenant tenant = tenants.tenant(slot);
      say(
          "    %-8s vni %-6d %-24s %s",
          tenant.name(),
          tenant.vni(),
          tenant.interfaces().stream()
              .flatMap(vif -> vif.ipv4().stream())
              .map(Ipv4Address::toString)
              .collect(Collectors.joining(" ")),
          peersOf(slot));
    }
    for (final RemoteHost remote : remotes) {
      say(
          "  remote host %s: a second vstack host, HTTP servers %s",
          Ipv4Address.toString(remote.underlay()), remoteTenants(remote));
    }
    say(
        "  cycles: stack thread CPU time (CycleMeter, %.2f GHz: %s); clock: simulated, %d us per"
            + " busy duty cycle",
        local.meter().calibration().cyclesPerSecond() / 1e9,
        local.meter().calibration().source(),
        TICK_NANOS / 1000);
  }

  private String peersOf(final int slot) {
    final List<String> peers = new ArrayList<>();
    for (int other = 0; other < tenants.size(); other++) {
      if (other != slot && tenants.checkPeer(slot, other) == TenantDrop.PASS) {
        peers.add(name(other));
      }
    }
    return peers.isEmpty() ? "" : "peers: " + String.join(" ", peers);
  }

  private String remoteTenants(final RemoteHost remote) {
    final List<String> parts = new ArrayList<>();
    for (int slot = 0; slot < tenants.size(); slot++) {
      if (remote.serves(slot)) {
        parts.add(name(slot) + " " + Ipv4Address.toString(remote.serverVip(slot)));
      }
    }
    return String.join(", ", parts);
  }

  private String percentages(final List<Transfer> started) {
    return started.stream()
        .map(t -> String.format("%s %d%%", t.tenant(), t.bytes() * 100 / t.expectedBytes()))
        .collect(Collectors.joining("  "));
  }

  static String mebibytes(final long bytes) {
    return String.format("%.1f MiB", bytes / (double) (1 << 20));
  }

  private static String closeReason(final int reason) {
    return switch (reason) {
      case TcpEngine.CLOSE_TIMEOUT -> "timed out";
      case TcpEngine.CLOSE_RESET -> "reset";
      case TcpEngine.CLOSE_REFUSED -> "refused";
      default -> "closed (" + reason + ")";
    };
  }

  private void check(final String name, final boolean passed, final String detail) {
    checks.add(new DemoReport.Check(name, passed, passed ? "" : String.valueOf(detail)));
  }

  private void say(final String format, final Object... args) {
    if (progress != null) {
      progress.println(String.format(format, args).stripTrailing());
      progress.flush();
    }
  }

  @Override
  public void close() {
    localServers.values().forEach(HttpFileServer::close);
    remotes.forEach(RemoteHost::close);
    local.close();
    underlay.close();
    try (var paths = Files.list(files)) {
      for (final Path file : paths.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(files);
    } catch (final IOException e) {
      // A temporary directory left behind is harmless; nothing else to do here.
    }
  }
}
