package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vstack.pcap.Tshark;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * VXLAN and Geneve checked both ways against scapy, an independent implementation (the kernel here
 * has no geneve device): frames scapy builds parse to the values scapy set, and frames we emit
 * dissect in scapy to the values we set.
 */
@ExtendWith(SeededRandomExtension.class)
class OverlayScapyInteropTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final int FRAMES = 40;

  private final VxlanHeader vxlan = new VxlanHeader();
  private final GeneveHeader geneve = new GeneveHeader();
  private final EthernetFrame innerEthernet = new EthernetFrame();

  @Test
  void shouldParseGeneveFramesBuiltByScapy(final Random random) {
    for (final Map<String, Object> built :
        scapy("build", "geneve", Long.toString(random.nextLong()), Integer.toString(FRAMES))) {
      final UnsafeBuffer frame =
          new UnsafeBuffer(HexFormat.of().parseHex((String) built.get("hex")));
      final int offset = TestFrames.udpPayloadOffset();
      assertThat(geneve.wrap(frame, offset, frame.capacity() - offset))
          .as("%s", built)
          .isEqualTo(WireError.OK);
      final List<GeneveOption> options = new ArrayList<>();
      for (final Object each : (List<?>) built.get("options")) {
        final Map<?, ?> option = (Map<?, ?>) each;
        options.add(
            new GeneveOption(
                (Integer) option.get("class"),
                (Integer) option.get("type"),
                HexFormat.of().parseHex((String) option.get("data"))));
      }
      assertThat(GeneveRepr.parse(geneve))
          .as("%s", built)
          .isEqualTo(
              new GeneveRepr(
                  (Integer) built.get("oam") == 1,
                  (Integer) built.get("critical") == 1,
                  (Integer) built.get("proto"),
                  (Integer) built.get("vni"),
                  options));
      assertInnerFrame(frame, geneve.payloadOffset(), geneve.payloadLength());
    }
  }

  @Test
  void shouldParseVxlanFramesBuiltByScapy(final Random random) {
    for (final Map<String, Object> built :
        scapy("build", "vxlan", Long.toString(random.nextLong()), Integer.toString(FRAMES))) {
      final UnsafeBuffer frame =
          new UnsafeBuffer(HexFormat.of().parseHex((String) built.get("hex")));
      final int offset = TestFrames.udpPayloadOffset();
      assertThat(vxlan.wrap(frame, offset, frame.capacity() - offset))
          .as("%s", built)
          .isEqualTo(WireError.OK);
      assertThat(VxlanRepr.parse(vxlan)).isEqualTo(new VxlanRepr((Integer) built.get("vni")));
      assertInnerFrame(frame, vxlan.payloadOffset(), vxlan.payloadLength());
    }
  }

  private void assertInnerFrame(final UnsafeBuffer frame, final int offset, final int length) {
    assertThat(innerEthernet.wrap(frame, offset, length)).isEqualTo(WireError.OK);
    assertThat(innerEthernet.source()).isEqualTo(TestFrames.INNER_SRC_MAC);
    assertThat(innerEthernet.destination()).isEqualTo(TestFrames.INNER_DST_MAC);
  }

  @Test
  void shouldBeDissectedByScapyAsEmittedForGeneve(@TempDir final Path dir, final Random random)
      throws IOException {
    final List<GeneveRepr> reprs = new ArrayList<>();
    final List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      final GeneveRepr repr =
          new GeneveRepr(
              random.nextBoolean(),
              random.nextBoolean(),
              GeneveHeader.PROTOCOL_ETHERNET,
              random.nextInt(GeneveHeader.MAX_VNI + 1),
              GeneveHeaderTest.randomOptions(random));
      reprs.add(repr);
      frames.add(
          TestFrames.ethernetIpv4Udp(
              OverlayProtocol.GENEVE.udpPort(),
              GeneveHeaderTest.emit(repr, TestFrames.ethernetIpv4Tcp(i, new byte[i]))));
    }
    final Path pcap = dir.resolve("geneve.pcap");
    Tshark.writePcap(pcap, frames);
    final List<Map<String, Object>> dissected = scapy("parse", pcap.toString());
    assertThat(dissected).hasSize(FRAMES);
    for (int i = 0; i < FRAMES; i++) {
      final GeneveRepr repr = reprs.get(i);
      final List<Map<String, Object>> options = new ArrayList<>();
      for (final GeneveOption option : repr.options()) {
        options.add(
            Map.of(
                "class",
                option.optionClass(),
                "type",
                option.type(),
                "length",
                option.data().length / 4,
                "data",
                HexFormat.of().formatHex(option.data())));
      }
      assertThat(dissected.get(i))
          .as("frame %d: %s", i, repr)
          .containsAllEntriesOf(
              Map.of(
                  "udp_dport",
                  6081,
                  "layer",
                  "geneve",
                  "version",
                  0,
                  "optionlen",
                  (repr.headerLength() - GeneveHeader.HEADER_LENGTH) / 4,
                  "oam",
                  repr.oam() ? 1 : 0,
                  "critical",
                  repr.criticalOptions() ? 1 : 0,
                  "proto",
                  GeneveHeader.PROTOCOL_ETHERNET,
                  "vni",
                  repr.vni(),
                  "options",
                  options,
                  "inner_src",
                  MacAddress.toString(TestFrames.INNER_SRC_MAC)));
      assertThat(dissected.get(i)).containsEntry("inner_tcp_dport", TestFrames.INNER_DST_PORT);
    }
  }

  @Test
  void shouldBeDissectedByScapyAsEmittedForVxlan(@TempDir final Path dir, final Random random)
      throws IOException {
    final List<Integer> vnis = new ArrayList<>();
    final List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      final int vni = random.nextInt(VxlanHeader.MAX_VNI + 1);
      vnis.add(vni);
      frames.add(
          TestFrames.ethernetIpv4Udp(
              OverlayProtocol.VXLAN.udpPort(),
              VxlanHeaderTest.emit(
                  new VxlanRepr(vni), TestFrames.ethernetIpv4Tcp(i, new byte[i]))));
    }
    final Path pcap = dir.resolve("vxlan.pcap");
    Tshark.writePcap(pcap, frames);
    final List<Map<String, Object>> dissected = scapy("parse", pcap.toString());
    assertThat(dissected).hasSize(FRAMES);
    for (int i = 0; i < FRAMES; i++) {
      assertThat(dissected.get(i))
          .as("frame %d", i)
          .containsAllEntriesOf(
              Map.of(
                  "udp_dport",
                  4789,
                  "layer",
                  "vxlan",
                  "flags",
                  VxlanHeader.FLAG_VNI_VALID,
                  "vni",
                  vnis.get(i),
                  "inner_src",
                  MacAddress.toString(TestFrames.INNER_SRC_MAC),
                  "inner_dst",
                  MacAddress.toString(TestFrames.INNER_DST_MAC),
                  "inner_tcp_dport",
                  TestFrames.INNER_DST_PORT));
    }
  }

  /** Runs the scapy script; each stdout line is one JSON object. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> scapy(final String... arguments) {
    final List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
    command.addAll(List.of(arguments));
    try {
      final Process process = new ProcessBuilder(command).start();
      final byte[] stdout = process.getInputStream().readAllBytes();
      final byte[] stderr = process.getErrorStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("scapy script timed out: " + command);
      }
      if (process.exitValue() != 0) {
        fail(
            "scapy script failed (exit "
                + process.exitValue()
                + "; needs Debian package 'python3-scapy' for "
                + PYTHON
                + "): "
                + new String(stderr, StandardCharsets.UTF_8));
      }
      final Load json = new Load(LoadSettings.builder().build()); // YAML 1.2 reads JSON
      final List<Map<String, Object>> rows = new ArrayList<>();
      for (final String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          rows.add((Map<String, Object>) json.loadFromString(line));
        }
      }
      return rows;
    } catch (final IOException e) {
      throw new AssertionError(
          "cannot run "
              + PYTHON
              + " (install Debian packages 'python3' and 'python3-scapy'): "
              + e.getMessage(),
          e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Path script() {
    try {
      return Path.of(OverlayScapyInteropTest.class.getResource("overlay_scapy.py").toURI());
    } catch (final URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
