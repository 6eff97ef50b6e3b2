package dev.tcpmap.capture.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * FoxIO's JA4 TLS client fingerprint (github.com/FoxIO-LLC/ja4, technical_details/JA4.md), for TLS
 * over TCP:
 *
 * <pre>
 * t 13 d 15 16 h2 _ 8daaf6152771 _ e5627efa2ab1
 * │ │  │ │  │  │     │              └ sha256(sorted extensions minus SNI and ALPN
 * │ │  │ │  │  │     │                       "_" signature algorithms in wire order)[:12]
 * │ │  │ │  │  │     └ sha256(sorted cipher suites)[:12]
 * │ │  │ │  │  └ first and last character of the first ALPN value ("00": none)
 * │ │  │ │  └ extension count, SNI and ALPN included (at most 99)
 * │ │  │ └ cipher suite count (at most 99)
 * │ │  └ "d": server_name present, "i": absent
 * │ └ highest version in supported_versions, else legacy_version
 * └ "t": TCP
 * </pre>
 *
 * GREASE values (RFC 8701) are left out everywhere. Lists are 4-digit lower-case hex joined by
 * commas; an empty list hashes to {@code 000000000000}.
 */
final class Ja4 {
  private static final String EMPTY_HASH = "000000000000";
  private static final HexFormat HEX = HexFormat.of();

  private Ja4() {}

  static String fingerprint(ClientHello hello) {
    return prefix(hello) + "_" + hash(ciphers(hello)) + "_" + hash(extensionsAndAlgorithms(hello));
  }

  /** JA4_r: the same fields with the lists in clear instead of hashed. */
  static String raw(ClientHello hello) {
    return prefix(hello) + "_" + ciphers(hello) + "_" + extensionsAndAlgorithms(hello);
  }

  private static String prefix(ClientHello hello) {
    List<Integer> extensions = withoutGrease(hello.extensions());
    return "t"
        + version(hello.highestVersion())
        + (extensions.contains(ClientHello.SERVER_NAME) ? "d" : "i")
        + count(withoutGrease(hello.cipherSuites()).size())
        + count(extensions.size())
        + alpn(hello.alpn());
  }

  private static String ciphers(ClientHello hello) {
    return sortedHex(withoutGrease(hello.cipherSuites()));
  }

  private static String extensionsAndAlgorithms(ClientHello hello) {
    String extensions =
        sortedHex(
            withoutGrease(hello.extensions()).stream()
                .filter(t -> t != ClientHello.SERVER_NAME && t != ClientHello.ALPN)
                .toList());
    List<Integer> algorithms = withoutGrease(hello.signatureAlgorithms());
    if (algorithms.isEmpty()) {
      return extensions;
    }
    return extensions + "_" + algorithms.stream().map(Ja4::hex4).collect(Collectors.joining(","));
  }

  static String version(int version) {
    return switch (version) {
      case 0x0304 -> "13";
      case 0x0303 -> "12";
      case 0x0302 -> "11";
      case 0x0301 -> "10";
      case 0x0300 -> "s3";
      case 0x0002 -> "s2";
      default -> "00";
    };
  }

  private static String count(int n) {
    return n > 99 ? "99" : n < 10 ? "0" + n : Integer.toString(n);
  }

  /**
   * First and last character of the first ALPN value; a one-character value gives that character
   * twice. When either is not ASCII alphanumeric, the first and last hex digits of the value.
   */
  static String alpn(List<String> alpn) {
    if (alpn.isEmpty() || alpn.getFirst().isEmpty()) {
      return "00";
    }
    String value = alpn.getFirst();
    char first = value.charAt(0);
    char last = value.charAt(value.length() - 1);
    if (alphanumeric(first) && alphanumeric(last)) {
      return "" + first + last;
    }
    String hex = HEX.formatHex(value.getBytes(StandardCharsets.ISO_8859_1));
    return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
  }

  private static boolean alphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static List<Integer> withoutGrease(List<Integer> values) {
    return values.stream().filter(v -> !TlsNames.isGrease(v)).toList();
  }

  private static String sortedHex(List<Integer> values) {
    return values.stream().sorted().map(Ja4::hex4).collect(Collectors.joining(","));
  }

  private static String hex4(int value) {
    return HEX.toHexDigits((short) value);
  }

  private static String hash(String list) {
    if (list.isEmpty()) {
      return EMPTY_HASH;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(list.getBytes(StandardCharsets.US_ASCII));
      return HEX.formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
