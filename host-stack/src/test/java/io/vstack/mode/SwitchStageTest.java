package io.vstack.mode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.wire.MacAddress;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The layered mode's virtual switch: inbound frames reach a tenant's virtual NIC only when
 * addressed to its vMAC or a group address, by copy through the tenant's ring; outbound frames
 * reach the tenant's uplink unchanged.
 */
class SwitchStageTest {
  private static final long BLUE = 0x0200_0000_0B01L;
  private static final long RED = 0x0200_0000_0B02L;

  @Test
  void shouldDeliverOnlyFramesForTheTenantsMacOrAGroupWhenForwardingInbound() {
    try (MemoryPort.Pair blueLink = MemoryPort.pair("blue-up", "blue-net");
        MemoryPort.Pair redLink = MemoryPort.pair("red-up", "red-net");
        SwitchStage stage =
            new SwitchStage(new Port[] {blueLink.a(), redLink.a()}, new long[] {BLUE, RED});
        FrameBatch frames = new FrameBatch()) {
      frames.add(frame(BLUE, 1), 0, 60);
      frames.add(frame(RED, 2), 0, 60); // red's MAC on blue's uplink: no such vNIC there
      frames.add(frame(MacAddress.BROADCAST, 3), 0, 60);
      blueLink.b().transmit(frames);
      stage.forwardInbound();
      frames.clear();
      assertThat(stage.vmPort(0).receive(frames)).isEqualTo(2);
      assertThat(frames.wrap(0, new UnsafeBuffer(0, 0)).getByte(59)).isEqualTo((byte) 1);
      assertThat(frames.wrap(1, new UnsafeBuffer(0, 0)).getByte(59)).isEqualTo((byte) 3);
      assertThat(stage.unknownDestination()).isEqualTo(1);
      assertThat(stage.framesToTenants()).isEqualTo(2);
      frames.clear();
      assertThat(stage.vmPort(1).receive(frames)).isZero();
    }
  }

  @Test
  void shouldCarryTheTenantsFramesUnchangedToItsUplinkWhenForwardingOutbound() {
    try (MemoryPort.Pair blueLink = MemoryPort.pair("blue-up", "blue-net");
        SwitchStage stage = new SwitchStage(new Port[] {blueLink.a()}, new long[] {BLUE});
        FrameBatch frames = new FrameBatch()) {
      frames.add(frame(RED, 7), 0, 60);
      stage.vmPort(0).transmit(frames);
      assertThat(stage.forwardOutbound()).isEqualTo(1);
      frames.clear();
      assertThat(blueLink.b().receive(frames)).isEqualTo(1);
      final UnsafeBuffer view = frames.wrap(0, new UnsafeBuffer(0, 0));
      assertThat(view.capacity()).isEqualTo(60);
      assertThat(MacAddress.read(view, 0)).isEqualTo(RED);
      assertThat(view.getByte(59)).isEqualTo((byte) 7);
      assertThat(stage.framesFromTenants()).isEqualTo(1);
      assertThat(stage.bytesFromTenants()).isEqualTo(60);
    }
  }

  private static UnsafeBuffer frame(final long destination, final int marker) {
    final UnsafeBuffer frame = new UnsafeBuffer(new byte[60]);
    MacAddress.write(frame, 0, destination);
    MacAddress.write(frame, 6, 0x0200_0000_0C01L);
    frame.putByte(59, (byte) marker);
    return frame;
  }
}
