package dev.tcpmap.capture.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a server chose (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3).
 *
 * @param legacyVersion {@code legacy_version} ({@code 0x0303} for TLS 1.3)
 * @param version the negotiated version: {@code supported_versions} (43) when present, else {@code
 *     legacy_version}
 * @param cipherSuite the chosen cipher suite
 * @param helloRetryRequest true when this is a TLS 1.3 HelloRetryRequest (its random is the SHA-256
 *     of "HelloRetryRequest", RFC 8446 §4.1.3): the real ServerHello follows
 * @param alpn the protocol chosen by ALPN (16) when the ServerHello carries it (TLS ≤ 1.2; TLS 1.3
 *     puts it in the encrypted EncryptedExtensions)
 * @param extensions extension types in wire order
 */
public record ServerHello(
    int legacyVersion,
    int version,
    int cipherSuite,
    boolean helloRetryRequest,
    Optional<String> alpn,
    List<Integer> extensions) {

  private static final String CONTEXT = "server-hello";
  private static final byte[] HELLO_RETRY_RANDOM =
      HexFormat.of().parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

  public ServerHello {
    extensions = List.copyOf(extensions);
  }

  /**
   * Parses a ServerHello body (the handshake message without its 4-byte header).
   *
   * @throws TlsFormatException with a {@code server-hello-…} reason
   */
  public static ServerHello parse(byte[] body, int offset, int length) throws TlsFormatException {
    TlsReader in = new TlsReader(body, offset, offset + length, CONTEXT);
    int legacyVersion = in.u16();
    int randomAt = in.offset();
    in.skip(32);
    boolean retry =
        Arrays.equals(
            body, randomAt, randomAt + 32, HELLO_RETRY_RANDOM, 0, HELLO_RETRY_RANDOM.length);
    in.vector(1); // legacy_session_id_echo
    int cipherSuite = in.u16();
    in.u8(); // legacy_compression_method
    int version = legacyVersion;
    String alpn = null;
    List<Integer> types = new ArrayList<>();
    if (in.hasRemaining()) {
      TlsReader extensions = in.vector(2);
      while (extensions.hasRemaining()) {
        int type = extensions.u16();
        TlsReader data = extensions.vector(2);
        if (type == ClientHello.SUPPORTED_VERSIONS && data.remaining() >= 2) {
          version = data.u16(); // the server names one version (RFC 8446 §4.2.1)
        } else if (type == ClientHello.ALPN && alpn == null) {
          TlsReader name = data.vector(2).vector(1); // RFC 7301 §3.1: exactly one name
          alpn = ClientHello.printable(name.latin1(name.remaining()));
        }
        types.add(type);
      }
    }
    return new ServerHello(
        legacyVersion, version, cipherSuite, retry, Optional.ofNullable(alpn), types);
  }

  /** True when the negotiated version is TLS 1.3 (or later), whose Certificate is encrypted. */
  public boolean encryptsHandshake() {
    return version >= 0x0304 && version < 0x0400;
  }
}
