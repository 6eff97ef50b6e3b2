package dev.tcpmap.api;

import dev.tcpmap.api.cluster.PeerTransport;
import dev.tcpmap.api.http.AccessConfig;
import dev.tcpmap.api.http.AccessGuard;
import dev.tcpmap.api.http.ApiTls;
import dev.tcpmap.api.http.BearerToken;
import dev.tcpmap.api.http.Cors;
import dev.tcpmap.api.http.HostCheck;
import dev.tcpmap.api.metrics.AccessMetrics;
import dev.tcpmap.api.wire.K8spacketJson;
import dev.tcpmap.core.config.ConfigException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * An {@link AccessConfig} made ready to serve: the token and the TLS files read and checked, the
 * guard, CORS, and how the peers are called (with the same token and TLS).
 *
 * @param tls the server's TLS context, or empty for plain HTTP
 */
record Access(AccessGuard guard, Cors cors, Optional<SSLContext> tls, PeerTransport peers) {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

  /**
   * Reads the files {@code config} names.
   *
   * @throws ConfigException in one line naming the key and what is wrong with its file
   */
  static Access load(AccessConfig config, InetSocketAddress bind, AccessMetrics metrics) {
    Optional<BearerToken> token = config.tokenFile().map(f -> token(f, config, metrics));
    Optional<ApiTls> tls = config.tls().map(Access::tls);
    Cors cors = new Cors(config.corsOrigins(), K8spacketJson.MISSING_PEERS);
    HostCheck hosts = HostCheck.of(bind.getAddress(), config.allowedHosts());
    PeerTransport peers =
        new PeerTransport(tls.map(ApiTls::peers), () -> token.map(BearerToken::token));
    return new Access(new AccessGuard(hosts, cors, token), cors, tls.map(ApiTls::server), peers);
  }

  private static BearerToken token(Path file, AccessConfig config, AccessMetrics metrics) {
    BearerToken.Listener listener =
        new BearerToken.Listener() {
          @Override
          public void reloaded() {
            metrics.tokenReload(true);
            LOG.log(System.Logger.Level.INFO, "api.token-file: a new token is in use");
          }

          @Override
          public void failed(String problem) {
            metrics.tokenReload(false);
            LOG.log(System.Logger.Level.WARNING, "api.token-file: " + problem);
          }
        };
    try {
      return BearerToken.load(file, config.tokenRecheck(), listener);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ApiSettings.TOKEN_FILE.key() + ": " + e.getMessage());
    }
  }

  private static ApiTls tls(AccessConfig.TlsFiles files) {
    try {
      return ApiTls.load(files);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String key =
          message.startsWith(files.key().toString())
              ? ApiSettings.TLS_KEY_FILE.key()
              : files.ca().filter(ca -> message.startsWith(ca.toString())).isPresent()
                  ? ApiSettings.TLS_CA_FILE.key()
                  : ApiSettings.TLS_CERT_FILE.key();
      throw new ConfigException(key + ": " + message);
    }
  }
}
