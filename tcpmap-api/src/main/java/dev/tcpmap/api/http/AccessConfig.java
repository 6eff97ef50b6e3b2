package dev.tcpmap.api.http;

import dev.tcpmap.core.model.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who may call the API, and over what: the origins whose scripts may read it (CORS), the names the
 * {@code Host} field may carry, the bearer token's file, and the API's TLS certificate. Immutable.
 *
 * @param corsOrigins origins (lower case, {@code https://grafana.example}) whose pages may read the
 *     answers, {@code *} alone for any; empty: none, and no {@code Access-Control-*} field at all
 * @param allowedHosts names (lower case, without port) accepted in {@code Host} besides the
 *     loopback names; see {@link HostCheck}
 * @param tokenFile the file holding the token every request but the probes must carry; empty for
 *     none
 * @param tls the API's certificate and key, and what the agents' calls to each other trust; empty:
 *     plain HTTP
 * @param tokenRecheck how often, at most, the token file's size and times are looked at for a new
 *     token
 */
public record AccessConfig(
    List<String> corsOrigins,
    List<String> allowedHosts,
    Optional<Path> tokenFile,
    Optional<TlsFiles> tls,
    Duration tokenRecheck) {

  /** Rotation takes effect within this; a file's metadata is not read per request. */
  public static final Duration DEFAULT_TOKEN_RECHECK = Duration.ofSeconds(1);

  /** No CORS, the loopback names only, no token, plain HTTP. */
  public static final AccessConfig DEFAULTS =
      new AccessConfig(
          List.of(), List.of(), Optional.empty(), Optional.empty(), DEFAULT_TOKEN_RECHECK);

  /**
   * The PEM files of the API's TLS.
   *
   * @param certificate the certificate chain, leaf first (a Kubernetes TLS Secret's {@code
   *     tls.crt})
   * @param key its private key, PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted ({@code tls.key})
   * @param ca the certificates the agents' calls to each other trust; empty: only this agent's own
   *     certificate (every agent mounts the same Secret)
   */
  public record TlsFiles(Path certificate, Path key, Optional<Path> ca) {
    public TlsFiles {
      Checks.nonNull("certificate key ca", certificate, key, ca);
    }
  }

  public AccessConfig {
    corsOrigins = List.copyOf(corsOrigins);
    allowedHosts = List.copyOf(allowedHosts);
    Checks.nonNull("tokenFile tls tokenRecheck", tokenFile, tls, tokenRecheck);
    if (tokenRecheck.isNegative()) {
      throw new IllegalArgumentException("tokenRecheck is negative: " + tokenRecheck);
    }
  }

  public AccessConfig withCorsOrigins(List<String> origins) {
    return new AccessConfig(origins, allowedHosts, tokenFile, tls, tokenRecheck);
  }

  public AccessConfig withAllowedHosts(List<String> hosts) {
    return new AccessConfig(corsOrigins, hosts, tokenFile, tls, tokenRecheck);
  }

  /** With the token in {@code file}, looked at again at most every {@code recheck}. */
  public AccessConfig withTokenFile(Path file, Duration recheck) {
    return new AccessConfig(corsOrigins, allowedHosts, Optional.of(file), tls, recheck);
  }

  public AccessConfig withTls(TlsFiles files) {
    return new AccessConfig(corsOrigins, allowedHosts, tokenFile, Optional.of(files), tokenRecheck);
  }
}
