package dev.tcpmap.capture.tls;

import static dev.tcpmap.capture.tls.TlsWriter.alpn;
import static dev.tcpmap.capture.tls.TlsWriter.empty;
import static dev.tcpmap.capture.tls.TlsWriter.serverName;
import static dev.tcpmap.capture.tls.TlsWriter.signatureAlgorithms;
import static dev.tcpmap.capture.tls.TlsWriter.supportedVersions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JA4 against published vectors: the worked example of FoxIO's technical_details/JA4.md (v0.18.2)
 * and a Chrome 143 hello published by browserleaks.com with its ja4, ja4_r and ja4_ro. Each hello
 * is rebuilt from the original-order (ja4_ro) lists, with GREASE added where Chrome puts it.
 */
class Ja4Test {
  private static final int[] SPEC_CIPHERS = {
    0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c,
    0x009d, 0x002f, 0x0035
  };
  private static final int[] SPEC_EXTENSIONS = {
    0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b,
    0xff01, 0x000b, 0x000a, 0x0015
  };
  private static final int[] SIGNATURE_ALGORITHMS = {
    0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601
  };
  private static final int[] CHROME_EXTENSIONS = {
    0x002d, 0x0033, 0x0010, 0xfe0d, 0x0017, 0x44cd, 0x0000, 0x000b, 0x000a, 0x002b, 0xff01, 0x0023,
    0x0012, 0x0005, 0x000d, 0x001b
  };

  @Test
  void fingerprint_specExample_matchesPublishedValues() {
    ClientHello hello = hello(withGrease(SPEC_CIPHERS), SPEC_EXTENSIONS, true);

    assertThat(hello.ja4()).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
    assertThat(Ja4.raw(hello))
        .isEqualTo(
            "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9"
                + "_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01"
                + "_0403,0804,0401,0503,0805,0501,0806,0601");
  }

  @Test
  void fingerprint_noSignatureAlgorithms_hashesExtensionsWithoutUnderscore() {
    // JA4.md: "0005,000a,…,4469,ff01 = 6d807ffa2a79"; 0x000d stays in the extension list.
    ClientHello hello = hello(SPEC_CIPHERS, SPEC_EXTENSIONS, false);

    assertThat(hello.ja4()).isEqualTo("t13d1516h2_8daaf6152771_6d807ffa2a79");
  }

  @Test
  void fingerprint_chrome143_matchesBrowserleaks() {
    ClientHello hello = hello(withGrease(SPEC_CIPHERS), CHROME_EXTENSIONS, true);

    assertThat(hello.ja4()).isEqualTo("t13d1516h2_8daaf6152771_d8a2da3f94cd");
  }

  record AlpnCase(List<String> alpn, String expected) {}

  static Stream<AlpnCase> alpnCases() {
    return Stream.of(
        new AlpnCase(List.of(), "00"),
        new AlpnCase(List.of(""), "00"),
        new AlpnCase(List.of("h2", "http/1.1"), "h2"),
        new AlpnCase(List.of("http/1.1"), "h1"),
        new AlpnCase(List.of("h"), "hh"),
        new AlpnCase(List.of("\u00ab\u00cd"), "ad"),
        new AlpnCase(List.of("h2/"), "6f"));
  }

  @ParameterizedTest
  @MethodSource("alpnCases")
  void alpn_firstAndLastCharacterOrHexDigits(AlpnCase c) {
    assertThat(Ja4.alpn(c.alpn())).isEqualTo(c.expected());
  }

  @Test
  void fingerprint_noSniNoExtensionsOldVersion() throws Exception {
    byte[] body = TlsWriter.clientHello(0x0301, new int[] {0x002f, 0x00ff}, List.of());
    ClientHello hello = ClientHello.parse(body, 0, body.length);

    assertThat(hello.ja4()).isEqualTo("t10i020000_" + sha12("002f,00ff") + "_000000000000");
  }

  private static String sha12(String text) throws NoSuchAlgorithmException {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(digest, 0, 6);
  }

  private static int[] withGrease(int[] ciphers) {
    int[] out = new int[ciphers.length + 1];
    out[0] = 0xfafa;
    System.arraycopy(ciphers, 0, out, 1, ciphers.length);
    return out;
  }

  /** A hello with these extensions in order, GREASE first and last, SNI and ALPN h2. */
  private static ClientHello hello(int[] ciphers, int[] extensionTypes, boolean signatures) {
    List<TlsWriter.Extension> extensions = new ArrayList<>();
    extensions.add(empty(0x0a0a));
    for (int type : extensionTypes) {
      extensions.add(
          switch (type) {
            case 0x0000 -> serverName("example.com");
            case 0x0010 -> alpn("h2", "http/1.1");
            case 0x002b -> supportedVersions(0x3a3a, 0x0304, 0x0303);
            case 0x000d ->
                signatures ? signatureAlgorithms(SIGNATURE_ALGORITHMS) : signatureAlgorithms();
            default -> empty(type);
          });
    }
    extensions.add(new TlsWriter.Extension(0xdada, new byte[1]));
    byte[] body = TlsWriter.clientHello(0x0303, ciphers, extensions);
    try {
      return ClientHello.parse(body, 0, body.length);
    } catch (TlsFormatException e) {
      throw new AssertionError(e);
    }
  }
}
