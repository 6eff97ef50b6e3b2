package dev.tcpmap.api.cluster;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How a {@link FanOut} calls the peers: as the agents serve, over HTTPS when they serve TLS, and
 * with the bearer token they require.
 *
 * @param tls the client context of HTTPS calls (what it trusts), or empty for plain HTTP
 * @param token the token sent as {@code Authorization: Bearer}, asked at each call (it may rotate);
 *     empty for none
 */
public record PeerTransport(Optional<SSLContext> tls, Supplier<Optional<String>> token) {
  /** Plain HTTP, no token. */
  public static final PeerTransport PLAIN = new PeerTransport(Optional.empty(), Optional::empty);

  public PeerTransport {
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(token, "token");
  }

  String scheme() {
    return tls.isPresent() ? "https" : "http";
  }
}
