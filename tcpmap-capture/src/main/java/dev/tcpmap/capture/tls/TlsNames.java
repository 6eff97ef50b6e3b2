package dev.tcpmap.capture.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of TLS protocol versions and cipher suites as k8spacket prints them (Go's {@code
 * tls.VersionName} and {@code tls.CipherSuiteName}): {@code "TLS 1.2"}, {@code
 * "TLS_AES_128_GCM_SHA256"}, and {@code "0x0A0A"} for a value without a name.
 *
 * <p>Cipher suite names are the IANA "TLS Cipher Suites" registry (tls-parameters-4), kept in
 * {@code cipher-suites.txt} next to this class. GREASE values (RFC 8701) have no name.
 */
public final class TlsNames {
  private static final String[] CIPHER_SUITES = loadCipherSuites();

  private TlsNames() {}

  /** {@code "TLS 1.0"} … {@code "TLS 1.3"}, {@code "SSLv3"} (as Go), else {@code "0x0305"}. */
  public static String version(int version) {
    return switch (version) {
      case 0x0300 -> "SSLv3";
      case 0x0301 -> "TLS 1.0";
      case 0x0302 -> "TLS 1.1";
      case 0x0303 -> "TLS 1.2";
      case 0x0304 -> "TLS 1.3";
      default -> hex(version);
    };
  }

  /** The IANA name, e.g. {@code "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, else {@code "0xC0FE"}. */
  public static String cipherSuite(int suite) {
    String name = suite >= 0 && suite < CIPHER_SUITES.length ? CIPHER_SUITES[suite] : null;
    return name != null ? name : hex(suite);
  }

  /**
   * True for the 16 GREASE values of RFC 8701 §2 ({@code 0x0A0A}, {@code 0x1A1A} … {@code 0xFAFA}),
   * used in cipher suites, extensions, versions, groups and signature algorithms.
   */
  public static boolean isGrease(int value) {
    return (value & 0x0F0F) == 0x0A0A && (value >> 8) == (value & 0xFF);
  }

  /** {@code "0x"} and four upper-case hex digits, as Go prints an unnamed value. */
  static String hex(int value) {
    return "0x" + HexFormat.of().withUpperCase().toHexDigits((short) value);
  }

  private static String[] loadCipherSuites() {
    String[] names = new String[0x10000];
    try (InputStream in = TlsNames.class.getResourceAsStream("cipher-suites.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.trim().split("\\s+", 2);
        int value = Integer.parseInt(fields[0].substring(2).toLowerCase(Locale.ROOT), 16);
        names[value] = fields[1];
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cipher-suites.txt unreadable", e);
    }
    return names;
  }
}
