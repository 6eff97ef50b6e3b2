package dev.tcpmap.capture.tls;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * What a client offered (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2). Lists keep the wire order and every
 * value, GREASE included (RFC 8701), so that fingerprints that need the original order can be
 * computed; {@link #ja4()} and {@link #offeredVersions()} leave GREASE out.
 *
 * @param legacyVersion {@code legacy_version}, e.g. {@code 0x0303} (TLS 1.3 clients send 1.2)
 * @param supportedVersions the {@code supported_versions} extension (43), empty when absent
 * @param cipherSuites offered cipher suites
 * @param serverName the first {@code host_name} of {@code server_name} (0), bytes outside printable
 *     ASCII escaped as {@code \xNN}; empty when absent
 * @param alpn {@code application_layer_protocol_negotiation} (16) protocol names, one char per byte
 *     (ISO-8859-1)
 * @param extensions extension types
 * @param signatureAlgorithms the {@code signature_algorithms} extension (13)
 */
public record ClientHello(
    int legacyVersion,
    List<Integer> supportedVersions,
    List<Integer> cipherSuites,
    Optional<String> serverName,
    List<String> alpn,
    List<Integer> extensions,
    List<Integer> signatureAlgorithms) {

  static final int SERVER_NAME = 0x0000;
  static final int SIGNATURE_ALGORITHMS = 0x000D;
  static final int ALPN = 0x0010;
  static final int SUPPORTED_VERSIONS = 0x002B;
  private static final String CONTEXT = "client-hello";

  public ClientHello {
    supportedVersions = List.copyOf(supportedVersions);
    cipherSuites = List.copyOf(cipherSuites);
    alpn = List.copyOf(alpn);
    extensions = List.copyOf(extensions);
    signatureAlgorithms = List.copyOf(signatureAlgorithms);
  }

  /**
   * Parses a ClientHello body (the handshake message without its 4-byte header).
   *
   * @throws TlsFormatException with a {@code client-hello-…} reason
   */
  public static ClientHello parse(byte[] body, int offset, int length) throws TlsFormatException {
    TlsReader in = new TlsReader(body, offset, offset + length, CONTEXT);
    int legacyVersion = in.u16();
    in.skip(32); // random
    in.vector(1); // legacy_session_id
    TlsReader suites = in.vector(2);
    if (suites.remaining() % 2 != 0) {
      throw new TlsFormatException(CONTEXT + "-bad-cipher-suites", suites.offset() - offset);
    }
    List<Integer> cipherSuites = new ArrayList<>(suites.remaining() / 2);
    while (suites.hasRemaining()) {
      cipherSuites.add(suites.u16());
    }
    in.vector(1); // legacy_compression_methods
    Extensions found = new Extensions();
    if (in.hasRemaining()) { // TLS <= 1.2 hellos may end here (RFC 5246 §7.4.1.2)
      TlsReader extensions = in.vector(2);
      while (extensions.hasRemaining()) {
        int type = extensions.u16();
        found.read(type, extensions.vector(2));
      }
    }
    return new ClientHello(
        legacyVersion,
        found.supportedVersions,
        cipherSuites,
        Optional.ofNullable(found.serverName),
        found.alpn,
        found.types,
        found.signatureAlgorithms);
  }

  /**
   * The versions offered without GREASE: {@code supported_versions} when present, else {@code
   * legacy_version} alone.
   */
  public List<Integer> offeredVersions() {
    if (supportedVersions.isEmpty()) {
      return List.of(legacyVersion);
    }
    return supportedVersions.stream().filter(v -> !TlsNames.isGrease(v)).toList();
  }

  /** The highest offered version (JA4's "TLS version"), GREASE left out. */
  public int highestVersion() {
    return offeredVersions().stream().mapToInt(Integer::intValue).max().orElse(legacyVersion);
  }

  /** The JA4 fingerprint for TLS over TCP, e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}. */
  public String ja4() {
    return Ja4.fingerprint(this);
  }

  /** The extensions this parser reads; others are recorded by type only. */
  private static final class Extensions {
    final List<Integer> types = new ArrayList<>();
    final BitSet seen = new BitSet();
    final List<Integer> supportedVersions = new ArrayList<>();
    final List<String> alpn = new ArrayList<>();
    final List<Integer> signatureAlgorithms = new ArrayList<>();
    String serverName;

    void read(int type, TlsReader data) throws TlsFormatException {
      types.add(type);
      if (seen.get(type)) { // a repeated extension is illegal (RFC 8446 §4.2): read the first
        return;
      }
      seen.set(type);
      switch (type) {
        case SERVER_NAME -> serverName = serverName(data);
        case ALPN -> {
          TlsReader list = data.vector(2);
          while (list.hasRemaining()) {
            TlsReader name = list.vector(1);
            alpn.add(name.latin1(name.remaining()));
          }
        }
        case SIGNATURE_ALGORITHMS -> readU16s(data.vector(2), signatureAlgorithms);
        case SUPPORTED_VERSIONS -> readU16s(data.vector(1), supportedVersions);
        default -> {}
      }
    }

    /** RFC 6066 §3: a list of (name_type, name); only host_name (0) is defined. */
    private static String serverName(TlsReader data) throws TlsFormatException {
      TlsReader list = data.vector(2);
      while (list.hasRemaining()) {
        int nameType = list.u8();
        TlsReader name = list.vector(2);
        if (nameType == 0) {
          return printable(name.latin1(name.remaining()));
        }
      }
      return null;
    }

    private static void readU16s(TlsReader list, List<Integer> into) throws TlsFormatException {
      while (list.remaining() >= 2) {
        into.add(list.u16());
      }
    }
  }

  /** Host names are ASCII (RFC 6066 §3); anything else is escaped so it cannot spoof a display. */
  static String printable(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '\\') {
        return escape(raw);
      }
    }
    return raw;
  }

  private static String escape(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 8);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '\\') {
        out.append("\\x")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
