package io.vstack.doca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DOCA backend's parts that run without DOCA: finding (and clearly not finding) the libraries,
 * binding against a stand-in library, and writing structs at a probed layout. The layout probe
 * against real headers and the steering itself are in hwtests.
 */
class DocaFlowTest {
  /** What doca_layout.c prints, in its format (values invented; offsets deliberately odd). */
  private static final String LAYOUT =
      String.join(
          "\n",
          "MATCH_SIZE 600",
          "MATCH_OUTER_L3_META 44 4",
          "MATCH_OUTER_L4_META 48 4",
          "MATCH_OUTER_L3_TYPE 100 4",
          "MATCH_OUTER_L4_TYPE_EXT 104 4",
          "MATCH_OUTER_UDP_DST_PORT 182 2",
          "MATCH_TUN_TYPE 240 4",
          "MATCH_TUN_VXLAN_TYPE 244 4",
          "MATCH_TUN_VXLAN_TUN_ID 248 4",
          "ACTIONS_SIZE 900",
          "ACTIONS_PKT_META 4 4",
          "FWD_SIZE 64",
          "FWD_TYPE 0 4",
          "FWD_RSS_TYPE 4 4",
          "FWD_RSS_OUTER_FLAGS 16 4",
          "FWD_RSS_QUEUES 8 8",
          "FWD_RSS_NR_QUEUES 24 4",
          "MONITOR_SIZE 48",
          "MONITOR_COUNTER_TYPE 12 4",
          "QUERY_SIZE 16",
          "QUERY_TOTAL_BYTES 0 8",
          "QUERY_TOTAL_PKTS 8 8",
          "L3_META_IPV4 1",
          "L4_META_UDP 2",
          "L3_TYPE_IP4 1",
          "L4_TYPE_EXT_UDP 2",
          "TUN_VXLAN 1",
          "TUN_EXT_VXLAN_STANDARD 0",
          "FWD_RSS 1",
          "FWD_DROP 4",
          "FWD_CHANGEABLE 100",
          "RESOURCE_NON_SHARED 1",
          "PIPE_BASIC 0",
          "RSS_IPV4 1",
          "RSS_UDP 4",
          "ENTRY_FLAGS_NO_WAIT 1",
          "ENTRY_STATUS_SUCCESS 1",
          "ENTRY_STATUS_ERROR 2");

  @Test
  void shouldSayWhatToInstallWhenDocaIsAbsent(@TempDir final Path empty) {
    assertThatThrownBy(() -> DocaFlowApi.load(List.of(empty), false))
        .isInstanceOf(DocaUnavailableException.class)
        .hasMessage(
            "DOCA Flow not found: install the DOCA SDK (doca-sdk-flow) on a BlueField/ConnectX"
                + " host (libdoca_common.so not in ["
                + empty
                + "])");
  }

  @Test
  void shouldNameTheMissingFunctionWhenTheLibraryIsAnotherRelease(@TempDir final Path dir)
      throws Exception {
    // A stand-in exporting only doca_error_get_descr, as all three DOCA libraries.
    final Path source = dir.resolve("fake.c");
    Files.writeString(
        source,
        "const char *doca_error_get_descr(int e) { return e == 7 ? \"fake: seven\" : \"fake\"; }\n");
    final Path library = dir.resolve("libdoca_common.so");
    gcc("-shared", "-fPIC", "-Wl,-z,noexecstack", "-o", library.toString(), source.toString());
    Files.copy(library, dir.resolve("libdoca_flow.so"));
    Files.copy(library, dir.resolve("libdoca_dpdk_bridge.so.1"));

    assertThatThrownBy(() -> DocaFlowApi.load(List.of(dir), false))
        .isInstanceOf(DocaUnavailableException.class)
        .hasMessageEndingWith("(doca_devinfo_create_list missing: vstack binds the DOCA 3.3 API)");
  }

  @Test
  void shouldRefuseALibraryFileThatIsNotASharedObject(@TempDir final Path dir) throws IOException {
    Files.writeString(dir.resolve("libdoca_common.so"), "not an ELF file");

    assertThatThrownBy(() -> DocaFlowApi.load(List.of(dir), false))
        .isInstanceOf(DocaUnavailableException.class)
        .hasMessageContaining(dir.resolve("libdoca_common.so") + " exists but cannot be loaded");
  }

  @Test
  void shouldNameTheMissingEntryWhenTheLayoutIsIncomplete() {
    assertThatThrownBy(() -> DocaLayout.parse(LAYOUT.replace("FWD_DROP 4\n", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DOCA layout lacks FWD_DROP");
    assertThatThrownBy(() -> DocaLayout.parse("MATCH_SIZE six hundred"))
        .hasMessage("malformed DOCA layout line: MATCH_SIZE six hundred");
  }

  @Test
  void shouldWriteTheVniInTheTopThreeBytesBigEndianWhenAddingAnEntry() {
    final DocaLayout layout = DocaLayout.parse(LAYOUT);
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment match = arena.allocate(layout.value("MATCH_SIZE"));
      DocaStructs.entryMatch(layout, match, 0x123456);
      assertThat(match.asSlice(248, 4).toArray(ValueLayout.JAVA_BYTE))
          .containsExactly(0x12, 0x34, 0x56, 0x00);
      assertThat(match.asSlice(244, 4).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
    }
  }

  @Test
  void shouldMatchUdpPortInNetworkOrderAndVniAsChangeableWhenCreatingThePipe() {
    final DocaLayout layout = DocaLayout.parse(LAYOUT);
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment match = arena.allocate(layout.value("MATCH_SIZE"));
      DocaStructs.pipeMatch(layout, match, 4789);
      assertThat(match.asSlice(182, 2).toArray(ValueLayout.JAVA_BYTE))
          .containsExactly(0x12, (byte) 0xb5);
      assertThat(layout.get(match, "MATCH_TUN_VXLAN_TUN_ID")).isEqualTo(0xFFFF_FFFFL);
      assertThat(layout.get(match, "MATCH_TUN_TYPE")).isEqualTo(1);
      assertThat(layout.get(match, "MATCH_OUTER_L4_TYPE_EXT")).isEqualTo(2);
      final MemorySegment actions = arena.allocate(layout.value("ACTIONS_SIZE"));
      DocaStructs.entryActions(layout, actions, 7);
      assertThat(actions.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)).containsExactly(0, 0, 0, 7);
    }
  }

  @Test
  void shouldForwardToOneQueueByRssWhenSteeringATenant() {
    final DocaLayout layout = DocaLayout.parse(LAYOUT);
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment fwd = arena.allocate(layout.value("FWD_SIZE"));
      final MemorySegment queues = arena.allocate(ValueLayout.JAVA_SHORT);
      DocaStructs.rssForward(layout, fwd, queues, 1);
      assertThat(layout.get(fwd, "FWD_TYPE")).isEqualTo(1);
      assertThat(layout.get(fwd, "FWD_RSS_QUEUES")).isEqualTo(queues.address());
      assertThat(layout.get(fwd, "FWD_RSS_NR_QUEUES")).isEqualTo(1);
      assertThat(layout.get(fwd, "FWD_RSS_OUTER_FLAGS")).isEqualTo(5);
    }
  }

  @Test
  void shouldListEveryNameTheCProgramPrints() throws IOException {
    final String program;
    try (var in = DocaLayout.class.getResourceAsStream(DocaLayout.PROGRAM)) {
      program = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    final List<String> printed =
        program
            .lines()
            .map(String::trim)
            .filter(l -> l.startsWith("FIELD(\"") || l.startsWith("VALUE(\""))
            .map(l -> l.substring(7, l.indexOf('"', 7)))
            .toList();
    assertThat(printed).containsExactlyElementsOf(DocaLayout.NAMES);
  }

  private static void gcc(final String... arguments) throws Exception {
    final List<String> command = new java.util.ArrayList<>(List.of("gcc"));
    command.addAll(List.of(arguments));
    final Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (final IOException e) {
      throw new AssertionError("gcc not found: apt-get install gcc", e);
    }
    final String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("gcc finished").isTrue();
    assertThat(process.exitValue()).as("gcc: %s", output).isZero();
  }
}
