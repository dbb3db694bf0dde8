package io.vstack.rss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class InnerFlowKeysTest {
  private static final int A = 0x0A00_0001;
  private static final int B = 0x0A00_0002;

  /** Ethernet (+ optional VLAN) / IPv4 / TCP header with the given endpoints, at {@code offset}. */
  private static int frame(
      final UnsafeBuffer buffer,
      final int offset,
      final boolean vlan,
      final int protocol,
      final int src,
      final int dst,
      final int srcPort,
      final int dstPort) {
    int at = offset + 12;
    if (vlan) {
      buffer.putShort(at, (short) 0x8100, ByteOrder.BIG_ENDIAN);
      buffer.putShort(at + 2, (short) 5, ByteOrder.BIG_ENDIAN);
      at += 4;
    }
    buffer.putShort(at, (short) 0x0800, ByteOrder.BIG_ENDIAN);
    final int ip = at + 2;
    buffer.putByte(ip, (byte) 0x45);
    buffer.putByte(ip + 9, (byte) protocol);
    buffer.putInt(ip + 12, src, ByteOrder.BIG_ENDIAN);
    buffer.putInt(ip + 16, dst, ByteOrder.BIG_ENDIAN);
    buffer.putShort(ip + 20, (short) srcPort, ByteOrder.BIG_ENDIAN);
    buffer.putShort(ip + 22, (short) dstPort, ByteOrder.BIG_ENDIAN);
    return ip + 40 - offset;
  }

  @Test
  void shouldGiveBothDirectionsOfAConnectionTheSameKey() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    final FlowKey there = new FlowKey();
    final FlowKey back = new FlowKey();
    int length = frame(buffer, 0, false, 6, B, A, 40000, 80);
    assertThat(InnerFlowKeys.extract(buffer, 0, length, 3, there)).isTrue();
    length = frame(buffer, 0, false, 6, A, B, 80, 40000);
    assertThat(InnerFlowKeys.extract(buffer, 0, length, 3, back)).isTrue();
    assertThat(back.toString()).isEqualTo(there.toString());
    assertThat(there.sourceAddress()).isEqualTo(A);
    assertThat(there.sourcePort()).isEqualTo(80);
    assertThat(there.tenant()).isEqualTo(3);
  }

  @Test
  void shouldOrderByPortWhenBothEndpointsShareTheAddress() {
    final FlowKey one = InnerFlowKeys.setEitherDirection(new FlowKey(), 1, A, A, 9, 5);
    final FlowKey two = InnerFlowKeys.setEitherDirection(new FlowKey(), 1, A, A, 5, 9);
    assertThat(one.toString()).isEqualTo(two.toString());
    assertThat(one.sourcePort()).isEqualTo(5);
  }

  @Test
  void shouldReadPastOneVlanTagAndAtAnOffsetWhenTheFrameIsInsideAnOuterOne() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    final int length = frame(buffer, 50, true, 17, A, B, 53, 1234);
    final FlowKey key = new FlowKey();
    assertThat(InnerFlowKeys.extract(buffer, 50, length, 9, key)).isTrue();
    assertThat(key.destinationPort()).isEqualTo(1234);
    assertThat(key.destinationAddress()).isEqualTo(B);
  }

  @Test
  void shouldGiveFragmentsPortZeroWhenTheOffsetOrMoreFragmentsIsSet() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    final int length = frame(buffer, 0, false, 6, A, B, 1000, 2000);
    buffer.putShort(14 + 6, (short) 0x2000, ByteOrder.BIG_ENDIAN);
    final FlowKey key = new FlowKey();
    assertThat(InnerFlowKeys.extract(buffer, 0, length, 1, key)).isTrue();
    assertThat(key.sourcePort()).isZero();
    assertThat(key.destinationPort()).isZero();
  }

  @Test
  void shouldRefuseFramesThatAreNotIpv4TcpOrUdpWhenAsked() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    final FlowKey key = new FlowKey().set(4, 4, 4, 4, 4);
    final int length = frame(buffer, 0, false, 1, A, B, 0, 0);
    assertThat(InnerFlowKeys.extract(buffer, 0, length, 1, key)).as("ICMP").isFalse();
    frame(buffer, 0, false, 6, A, B, 1, 2);
    assertThat(InnerFlowKeys.extract(buffer, 0, 33, 1, key)).as("truncated IPv4").isFalse();
    buffer.putByte(14, (byte) 0x46);
    assertThat(InnerFlowKeys.extract(buffer, 0, 35, 1, key)).as("options past the end").isFalse();
    buffer.putByte(14, (byte) 0x65);
    assertThat(InnerFlowKeys.extract(buffer, 0, length, 1, key)).as("version 6").isFalse();
    assertThat(InnerFlowKeys.extract(buffer, 200, 100, 1, key)).as("past the buffer").isFalse();
    assertThat(key.tenant()).as("untouched").isEqualTo(4);
  }

  @Test
  void shouldNeverReadOutsideTheFrameWhenTheBytesAreRandom() {
    final long seed = new SplittableRandom().nextLong();
    final SplittableRandom random = new SplittableRandom(seed);
    final FlowKey key = new FlowKey();
    for (int i = 0; i < 20_000; i++) {
      final byte[] bytes = new byte[random.nextInt(80)];
      random.nextBytes(bytes);
      if (bytes.length > 14 && random.nextBoolean()) {
        bytes[12] = 0x08;
        bytes[13] = 0;
        bytes[14] = (byte) (0x40 | random.nextInt(16));
      }
      final UnsafeBuffer exact = new UnsafeBuffer(bytes);
      try {
        InnerFlowKeys.extract(exact, 0, bytes.length, 1, key);
      } catch (final IndexOutOfBoundsException e) {
        throw new AssertionError("seed " + seed + " frame " + i, e);
      }
    }
  }
}
