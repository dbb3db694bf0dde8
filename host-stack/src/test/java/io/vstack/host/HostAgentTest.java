package io.vstack.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.WireError;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostAgentTest {
  private static final long MAC_A = 0x0200_0000_000AL;
  private static final long MAC_B = 0x0200_0000_000BL;
  private static final int IP_A = Ipv4Address.parse("10.0.0.1");
  private static final int IP_B = Ipv4Address.parse("10.0.0.2");

  private final CachedNanoClock clock = new CachedNanoClock();
  private final MemoryPort.Pair wire = MemoryPort.pair("a", "b");
  private final List<String> eventsA = new ArrayList<>();
  private final HostAgent hostA = host(wire.a(), MAC_A, IP_A, eventsA);
  private final HostAgent hostB = host(wire.b(), MAC_B, IP_B, new ArrayList<>());

  @AfterEach
  void close() {
    hostA.onClose();
    hostB.onClose();
    wire.close();
  }

  @Test
  void shouldResolveThenGetEchoReplyWhenPeerIsOnTheWire() {
    assertThat(hostA.sendEchoRequest(IP_B, 7, 1, HostAgent.DEFAULT_ECHO_DATA_LENGTH)).isTrue();
    runUntilQuiet();
    assertThat(hostA.sendEchoRequest(IP_B, 7, 2, HostAgent.DEFAULT_ECHO_DATA_LENGTH)).isTrue();
    clock.advance(1_000);
    runUntilQuiet();

    assertThat(eventsA)
        .containsExactly(
            "arp-request 10.0.0.2",
            "learned 10.0.0.2 02:00:00:00:00:0b reply=true",
            "reply 10.0.0.2 id=7 seq=1 ttl=64 len=56 rtt=0",
            "reply 10.0.0.2 id=7 seq=2 ttl=64 len=56 rtt=1000");
    assertThat(hostB.counters().arpRequestsAnswered()).isEqualTo(1);
    assertThat(hostB.counters().echoRequestsAnswered()).isEqualTo(2);
  }

  @Test
  void shouldAnswerEveryEchoWithoutNewArpOnceResolved() {
    for (int seq = 1; seq <= 100; seq++) {
      hostA.sendEchoRequest(IP_B, 7, seq, 56);
      runUntilQuiet();
    }
    assertThat(hostA.counters().echoRepliesReceived()).isEqualTo(100);
    assertThat(hostA.counters().arpRequestsSent()).isEqualTo(1);
    assertThat(wire.a().counters().txFrames()).isEqualTo(101);
  }

  @Test
  void shouldResolveOnRequestOnceAndReportTheMappingWhenPeerAnswers() {
    assertThat(hostA.resolve(IP_B)).isFalse();
    assertThat(hostA.resolve(IP_B)).as("already resolving: no second request").isFalse();
    runUntilQuiet();

    assertThat(hostA.resolve(IP_B)).isTrue();
    assertThat(hostA.counters().arpRequestsSent()).isEqualTo(1);
    assertThat(eventsA)
        .containsExactly("arp-request 10.0.0.2", "learned 10.0.0.2 02:00:00:00:00:0b reply=true");
  }

  @Test
  void shouldFailResolutionAfterAllProbesWhenNobodyAnswers() {
    final int absent = Ipv4Address.parse("10.0.0.99");
    hostA.sendEchoRequest(absent, 1, 1, 56);
    for (int second = 1; second <= 4; second++) {
      clock.advance(HostContext.DEFAULT_ARP_RETRY_NANOS);
      runUntilQuiet();
    }
    assertThat(eventsA)
        .containsExactly(
            "arp-request 10.0.0.99",
            "arp-request 10.0.0.99",
            "arp-request 10.0.0.99",
            "arp-failed 10.0.0.99");
    assertThat(hostA.counters().echoRepliesReceived()).isZero();
  }

  @Test
  void shouldCountMalformedFramesByReasonAndStayServing() {
    try (FrameBatch batch = new FrameBatch(4, 2048)) {
      final UnsafeBuffer view = new UnsafeBuffer(0, 0);
      // Too short for Ethernet.
      batch.wrapForWrite(batch.claim(), view).putByte(0, (byte) 1);
      batch.length(0, 10);
      // IPv4 to host B with a broken header checksum.
      final int slot = batch.claim();
      batch.wrapForWrite(slot, view);
      view.setMemory(0, 60, (byte) 0);
      io.vstack.wire.MacAddress.write(view, 0, MAC_B);
      view.putShort(12, (short) 0x0800, java.nio.ByteOrder.BIG_ENDIAN);
      view.putByte(14, (byte) 0x45);
      view.putShort(16, (short) 28, java.nio.ByteOrder.BIG_ENDIAN);
      view.putShort(24, (short) 0x1234, java.nio.ByteOrder.BIG_ENDIAN);
      batch.length(slot, 60);
      wire.a().transmit(batch);
    }
    runUntilQuiet();
    assertThat(hostB.counters().malformed(WireError.TRUNCATED)).isEqualTo(1);
    assertThat(hostB.counters().malformed(WireError.BAD_CHECKSUM)).isEqualTo(1);

    hostA.sendEchoRequest(IP_B, 1, 1, 56);
    runUntilQuiet();
    assertThat(hostA.counters().echoRepliesReceived()).isEqualTo(1);
  }

  @Test
  void shouldRejectIncompleteConfigurationNamingTheProperty() {
    final HostContext context = new HostContext().port(wire.a()).address(IP_A);
    org.assertj.core.api.Assertions.assertThatThrownBy(context::conclude)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("host.mac");
  }

  private void runUntilQuiet() {
    for (int idle = 0, round = 0; idle < 3 && round < 1000; round++) {
      final int work = hostA.doWork() + hostB.doWork();
      idle = work == 0 ? idle + 1 : 0;
    }
  }

  private HostAgent host(
      final MemoryPort port, final long mac, final int ip, final List<String> events) {
    return new HostAgent(
        new HostContext()
            .port(port)
            .mac(mac)
            .address(ip)
            .clock(clock)
            .listener(
                new HostListener() {
                  @Override
                  public void onArpRequestSent(final int target) {
                    events.add("arp-request " + Ipv4Address.toString(target));
                  }

                  @Override
                  public void onArpLearned(
                      final int address, final long learned, final boolean reply) {
                    events.add(
                        "learned "
                            + Ipv4Address.toString(address)
                            + " "
                            + io.vstack.wire.MacAddress.toString(learned)
                            + " reply="
                            + reply);
                  }

                  @Override
                  public void onArpFailed(final int address) {
                    events.add("arp-failed " + Ipv4Address.toString(address));
                  }

                  @Override
                  public void onEchoReply(
                      final int source,
                      final int identifier,
                      final int sequence,
                      final int ttl,
                      final int dataLength,
                      final long rttNanos) {
                    events.add(
                        "reply "
                            + Ipv4Address.toString(source)
                            + " id="
                            + identifier
                            + " seq="
                            + sequence
                            + " ttl="
                            + ttl
                            + " len="
                            + dataLength
                            + " rtt="
                            + rttNanos);
                  }
                })
            .conclude());
  }
}
