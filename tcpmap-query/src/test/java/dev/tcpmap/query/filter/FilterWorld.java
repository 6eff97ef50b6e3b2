package dev.tcpmap.query.filter;

import static dev.tcpmap.core.testing.TestConnections.T0;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A fixed set of connections for the filter's tests, each told apart by its client port:
 *
 * <pre>
 *   40001  pod shop/web-1 (Deployment/web, node-a, nginx) ─▶ svc data/postgres:5432  closed 1 s, 1200/300 B
 *   40002  pod shop/web-1 ─▶ external www.domain.com:443  closed 45 s, 5 MB/2 kB, TLS 1.3 (SNI)
 *   40003  pod ns1/a-1 (node-b) ─▶ pod ns2/b-1:8080       refused
 *   40004  pod ns2/b-1 (node-c) ─▶ pod ns1/a-1:9090       timeout after 3 s
 *   40005  node node-a ─▶ external bucket.s3.amazonaws.com:443  reset 31 s, 700/70 kB, TLS 1.2
 *   40006  process curl@127.0.0.1 ─▶ process nginx@127.0.0.1:80  open 2 s, 10/20 B
 * </pre>
 */
final class FilterWorld {
  static final Duration PERSISTENT = Duration.ofSeconds(10);

  static final Endpoint WEB =
      new Endpoint(
          ip("10.0.0.1"), Kind.POD, "web-1", "shop", new Workload("Deployment", "web"), "node-a");
  static final Endpoint POSTGRES = new Endpoint(ip("10.96.0.5"), Kind.SERVICE, "postgres", "data");
  static final Endpoint DOMAIN =
      new Endpoint(ip("93.184.216.34"), Kind.EXTERNAL, "www.domain.com", "");
  static final Endpoint A =
      new Endpoint(
          ip("10.0.1.1"), Kind.POD, "a-1", "ns1", new Workload("Deployment", "a"), "node-b");
  static final Endpoint B =
      new Endpoint(
          ip("10.0.2.1"), Kind.POD, "b-1", "ns2", new Workload("StatefulSet", "b"), "node-c");
  static final Endpoint NODE =
      new Endpoint(ip("192.168.1.10"), Kind.NODE, "node-a", "", Workload.NONE, "node-a");
  static final Endpoint BUCKET =
      new Endpoint(ip("52.216.1.2"), Kind.EXTERNAL, "bucket.s3.amazonaws.com", "");
  static final Endpoint CURL = new Endpoint(ip("127.0.0.1"), Kind.PROCESS, "curl", "");
  static final Endpoint NGINX = new Endpoint(ip("127.0.0.1"), Kind.PROCESS, "nginx", "");

  static final String TLS12_CIPHER = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
  static final String JA4 = "t13d1516h2_8daaf6152771_e5627efa2ab1";

  static final List<ConnectionRecord> RECORDS =
      List.of(
          record(WEB, 40001, POSTGRES, 5432, 1, 1200, 300, Outcome.CLOSED, "nginx", ""),
          record(WEB, 40002, DOMAIN, 443, 45, 5_000_000, 2_000, Outcome.CLOSED, "", ""),
          record(A, 40003, B, 8080, 0, 0, 0, Outcome.REFUSED, "", ""),
          record(B, 40004, A, 9090, 3, 0, 0, Outcome.TIMEOUT, "", ""),
          record(NODE, 40005, BUCKET, 443, 31, 700_000, 70_000, Outcome.RESET, "", ""),
          record(CURL, 40006, NGINX, 80, 2, 10, 20, Outcome.OPEN, "curl", "nginx"));

  /** The handshakes read on 40002 (TLS 1.3 with SNI) and 40005 (TLS 1.2). */
  static final List<TlsHandshake> HANDSHAKES =
      List.of(
          handshake(
              RECORDS.get(1).connection(), "www.domain.com", "TLS 1.3", "TLS_AES_128_GCM_SHA256"),
          handshake(RECORDS.get(4).connection(), "", "TLS 1.2", TLS12_CIPHER));

  private FilterWorld() {}

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  private static ConnectionRecord record(
      Endpoint client,
      int clientPort,
      Endpoint server,
      int serverPort,
      int seconds,
      long sent,
      long received,
      Outcome outcome,
      String clientCommand,
      String serverCommand) {
    SocketDetails details =
        new SocketDetails(process(clientCommand, 100), process(serverCommand, 200), 0, 0);
    Connection c =
        new Connection(
            client.ip(),
            clientPort,
            server.ip(),
            serverPort,
            T0.plusSeconds(clientPort - 40_000),
            Duration.ofSeconds(seconds),
            sent,
            received,
            outcome,
            true,
            details);
    return new ConnectionRecord(c, client, server);
  }

  /** The container ID of the host's nginx, which no pod names (outside Kubernetes). */
  static final String NGINX_CONTAINER =
      "4f1e6a0b3c2d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f";

  /** nginx as a client runs in the container a pod calls {@code app}; as a server in another. */
  private static ProcessInfo process(String command, int pid) {
    if (command.isEmpty()) {
      return ProcessInfo.UNKNOWN;
    }
    String container = !command.equals("nginx") ? "" : pid == 100 ? "app" : NGINX_CONTAINER;
    return new ProcessInfo(pid, command, 4026531840L, container);
  }

  /**
   * A handshake read on {@code c} 5 ms after its start, negotiating {@code version} and {@code
   * cipher}.
   */
  static TlsHandshake handshake(Connection c, String sni, String version, String cipher) {
    return new TlsHandshake(
        c.client(),
        c.clientPort(),
        c.server(),
        c.serverPort(),
        c.start(),
        true,
        c.start().plusMillis(5),
        sni,
        List.of(version),
        List.of(cipher),
        List.of(),
        "",
        version,
        cipher,
        JA4,
        Optional.empty());
  }
}
