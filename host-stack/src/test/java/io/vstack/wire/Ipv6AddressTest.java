package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(SeededRandomExtension.class)
class Ipv6AddressTest {

  @ParameterizedTest
  @CsvSource({
    // text in, RFC 5952 canonical text out
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:DB8::1, 2001:db8::1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group is not compressed (4.2.2)
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", // the longest run is compressed (4.2.3)
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // the first of equal runs (4.2.3)
    "0:0:0:0:0:0:0:0, ::",
    "::1, ::1",
    "1::, 1::",
    "fe80::0200:00ff:fe00:0001, fe80::200:ff:fe00:1",
    "::ffff:192.0.2.1, ::ffff:c000:201",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
  })
  void shouldFormatCanonicallyWhenParsed(final String text, final String canonical) {
    assertThat(Ipv6Address.parse(text).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::",
    "1:2:3:4:5:6:7::8", ":1::", "1::2:", "::1.2.3", "::256.0.0.1", "1:2:3:4:5:6:7:1.2.3.4"})
  void shouldRejectMalformedTextWhenParsing(final String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Ipv6Address.parse(text))
        .withMessageContaining("not an IPv6 address");
  }

  @Test
  void shouldAgreeWithJavaNetWhenRoundTrippingRandomAddresses(final Random random) throws Exception {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
    for (int i = 0; i < 5000; i++) {
      // Zero out random groups so that runs of zeros (and their compression) are common.
      long hi = random.nextLong();
      long lo = random.nextLong();
      for (int group = 0; group < 8; group++) {
        if (random.nextInt(3) != 0) {
          final long mask = ~(0xFFFFL << (48 - 16 * (group & 3)));
          if (group < 4) {
            hi &= mask;
          } else {
            lo &= mask;
          }
        }
      }
      final Ipv6Address address = new Ipv6Address(hi, lo);
      final String text = address.toString();
      assertThat(Ipv6Address.parse(text)).as(text).isEqualTo(address);
      assertThat(text).doesNotContain(":::").doesNotMatch(".*(^|:)0[0-9a-f].*");
      address.write(buffer, 0);
      final byte[] javaNet = InetAddress.getByName(text).getAddress();
      // java.net turns IPv4-mapped addresses into 4-byte Inet4Address: compare those with the tail.
      assertThat(javaNet).as(text)
          .isEqualTo(javaNet.length == 4 ? java.util.Arrays.copyOfRange(buffer.byteArray(), 12, 16) : buffer.byteArray());
      assertThat(Ipv6Address.read(buffer, 0)).isEqualTo(address);
    }
  }

  @Test
  void shouldDeriveSolicitedNodeAndMulticastWhenAsked() {
    final Ipv6Address address = Ipv6Address.parse("2001:db8::aabb:ccdd");
    assertThat(address.solicitedNode()).isEqualTo(Ipv6Address.parse("ff02::1:ffbb:ccdd"));
    assertThat(address.solicitedNode().isMulticast()).isTrue();
    assertThat(address.isMulticast()).isFalse();
    assertThat(Ipv6Address.UNSPECIFIED.isUnspecified()).isTrue();
  }
}
