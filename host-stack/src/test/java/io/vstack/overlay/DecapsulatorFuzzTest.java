package io.vstack.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vstack.tenant.InnerSource;
import io.vstack.tenant.TenantDrop;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.io.IOException;
import java.io.InputStream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jazzer target for the receive path's parsing of untrusted underlay frames: decapsulation (VXLAN
 * and Geneve) and the inner source read by the anti-spoofing checks. Each input sits in a buffer of
 * exactly its size, so a read past it throws; a frame that passes must locate its inner frame
 * inside the input. Seeds (built with scapy) under {@code DecapsulatorFuzzTestInputs/}.
 */
class DecapsulatorFuzzTest {
  private static final int LOCAL = Ipv4Address.parse("192.0.2.1");
  private static final long LOCAL_MAC = 0x0200_0000_0001L;

  private final Decapsulator vxlan =
      new Decapsulator(OverlaySettings.of(OverlayProtocol.VXLAN, LOCAL, LOCAL_MAC));
  private final Decapsulator geneve =
      new Decapsulator(OverlaySettings.of(OverlayProtocol.GENEVE, LOCAL, LOCAL_MAC));
  private final InnerSource inner = new InnerSource();

  @FuzzTest(maxDuration = "60s")
  void fuzzDecapsulate(final byte[] input) {
    final UnsafeBuffer buffer = new UnsafeBuffer(input);
    for (final Decapsulator decapsulator : new Decapsulator[] {vxlan, geneve}) {
      if (decapsulator.decapsulate(buffer, 0, input.length) == DecapDrop.PASS) {
        assertThat(decapsulator.innerOffset()).isBetween(0, input.length);
        assertThat(decapsulator.innerLength())
            .isBetween(14, input.length - decapsulator.innerOffset());
        assertThat(inner.read(buffer, decapsulator.innerOffset(), decapsulator.innerLength()))
            .isNotNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vxlan_icmp", "vxlan_arp", "geneve_icmp"})
  void shouldDecapsulateSeedWhenScapyBuiltIt(final String seed) throws IOException {
    final byte[] bytes;
    try (InputStream in =
        getClass().getResourceAsStream("DecapsulatorFuzzTestInputs/fuzzDecapsulate/" + seed)) {
      assertThat(in).as("seed " + seed).isNotNull();
      bytes = in.readAllBytes();
    }
    final Decapsulator decapsulator = seed.startsWith("vxlan") ? vxlan : geneve;
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

    assertThat(decapsulator.decapsulate(buffer, 0, bytes.length)).isEqualTo(DecapDrop.PASS);
    assertThat(decapsulator.vni()).isEqualTo(100);
    assertThat(decapsulator.outerSource()).isEqualTo(Ipv4Address.parse("192.0.2.2"));
    assertThat(inner.read(buffer, decapsulator.innerOffset(), decapsulator.innerLength()))
        .isEqualTo(TenantDrop.PASS);
    assertThat(inner.ipv4Source()).isEqualTo(Ipv4Address.parse("10.0.0.2"));
    assertThat(inner.mac()).isEqualTo(0x0200_0000_0A02L);
  }
}
