package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
  record Case(String input, String canonical) {}

  /** RFC 5952 section 4 and 5 examples, and the forms tcpmap meets. */
  static Stream<Case> canonical() {
    return Stream.of(
        new Case("192.0.2.1", "192.0.2.1"),
        new Case("0.0.0.0", "0.0.0.0"),
        new Case("255.255.255.255", "255.255.255.255"),
        new Case("2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"),
        new Case("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        new Case("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        new Case("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        new Case("FD00:0:0:0:0:0:0:1", "fd00::1"),
        new Case("::1", "::1"),
        new Case("::", "::"),
        new Case("1::", "1::"),
        new Case("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        new Case("::ffff:c000:201", "::ffff:192.0.2.1"),
        new Case("64:ff9b::192.0.2.33", "64:ff9b::c000:221"));
  }

  @ParameterizedTest
  @MethodSource("canonical")
  void toString_isRfc5952(Case c) {
    assertThat(IpAddress.parse(c.input()).toString()).isEqualTo(c.canonical());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1::2::3",
        "1:2:3",
        "::g",
        "1:2:3:4:5:6:7:8:9"
      })
  void parse_notAnAddress_namesTheText(String text) {
    assertThatThrownBy(() -> IpAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an IP address: " + text);
  }

  @Test
  void toString_randomV6_parsesBackAndMeansWhatTheJdkReads() {
    qt().forAll(longs().all(), longs().all(), integers().between(0, 7))
        .checkAssert(
            (high, low, zeros) -> {
              // Zero out some groups so that runs of zeros, and their compression, are common.
              long mask = -1L >>> (16 * zeros);
              IpAddress address = IpAddress.v6(high & mask, low & ~mask);
              String text = address.toString();
              assertThat(IpAddress.parse(text)).isEqualTo(address);
              assertThat(jdkBytes(text)).isEqualTo(address.bytes());
            });
  }

  @Test
  void bytes_roundTripThroughOf() {
    qt().forAll(longs().all(), longs().all(), integers().all())
        .checkAssert(
            (high, low, v4) -> {
              assertThat(IpAddress.of(IpAddress.v6(high, low).bytes()))
                  .isEqualTo(IpAddress.v6(high, low));
              assertThat(IpAddress.of(IpAddress.v4(v4).bytes())).isEqualTo(IpAddress.v4(v4));
            });
  }

  @Test
  void compareTo_ordersV4BeforeV6ThenUnsigned() {
    assertThat(IpAddress.parse("255.0.0.1")).isLessThan(IpAddress.parse("::1"));
    assertThat(IpAddress.parse("10.0.0.1")).isLessThan(IpAddress.parse("200.0.0.1"));
    assertThat(IpAddress.parse("fd00::1")).isGreaterThan(IpAddress.parse("2001:db8::1"));
  }

  private static byte[] jdkBytes(String literal) {
    try {
      // A literal never causes a DNS lookup.
      byte[] bytes = InetAddress.getByName(literal).getAddress();
      return bytes.length == 4 ? mapped(bytes) : bytes;
    } catch (UnknownHostException e) {
      throw new AssertionError("the JDK cannot read " + literal, e);
    }
  }

  /** The JDK reads ::ffff:a.b.c.d as the IPv4 address a.b.c.d; compare it as mapped. */
  private static byte[] mapped(byte[] v4) {
    byte[] out = new byte[16];
    out[10] = (byte) 0xFF;
    out[11] = (byte) 0xFF;
    System.arraycopy(v4, 0, out, 12, 4);
    return out;
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true",
    "127.255.0.9, true",
    "128.0.0.1, false",
    "10.0.0.1, false",
    "::1, true",
    "::2, false",
    "::ffff:127.0.0.1, true",
    "::ffff:10.0.0.1, false",
    "fe80::1, false"
  })
  void isLoopback(String text, boolean loopback) {
    assertThat(IpAddress.parse(text).isLoopback()).isEqualTo(loopback);
  }

  @Test
  void equalsAndHashCodeFollowTheValueNotTheInstance() {
    qt().forAll(longs().all(), longs().all(), integers().all())
        .checkAssert(
            (high, low, v4) -> {
              IpAddress a = IpAddress.v6(high, low);
              IpAddress b = IpAddress.v6(high, low);
              assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
              assertThat(a)
                  .isNotEqualTo(IpAddress.v6(high, low ^ 1))
                  .isNotEqualTo(IpAddress.v6(high ^ 1, low));
              assertThat(IpAddress.v4(v4))
                  .isEqualTo(IpAddress.v4(v4))
                  .hasSameHashCodeAs(IpAddress.v4(v4));
              // An IPv4 address and the IPv6 address of the same bits are different addresses.
              IpAddress v6 = new IpAddress(0, v4 & 0xFFFF_FFFFL, true);
              assertThat(IpAddress.v4(v4)).isNotEqualTo(v6);
              assertThat(a).isNotEqualTo(null).isNotEqualTo(a.toString());
            });
  }
}
