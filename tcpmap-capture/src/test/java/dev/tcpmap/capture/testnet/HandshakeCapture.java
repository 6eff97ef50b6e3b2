package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.testnet.TestNetwork.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real TLS handshakes and DNS exchanges across a {@link TestNetwork}, recorded by tcpdump on side
 * A's veth end: {@link HandshakePeer} servers (TLS on port 443, DNS on port 53) on side B, one
 * client JVM per exchange on side A, one at a time.
 *
 * <p>Side A's routes to B advertise an MSS of {@value #ADVERTISED_MSS} bytes, so the servers' TLS
 * 1.2 certificate flights arrive in several segments; the {@code big} client offers {@value
 * #EXTRA_ALPN} extra ALPN names, so its ClientHello (about 8 KB) does too.
 */
public final class HandshakeCapture {
  static final int ADVERTISED_MSS = 400;
  public static final int EXTRA_ALPN = 350;
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /** One TLS client run: {@code alpn} comma-separated or {@code "-"} for none. */
  public record TlsCase(
      String name,
      String server,
      String protocol,
      String suite,
      String sni,
      String alpn,
      int extraAlpn) {}

  /** One DNS query: {@code type} 1 (A) or 28 (AAAA), over {@code udp} or {@code tcp}. */
  public record DnsCase(String server, String name, int type, String transport) {}

  public static final List<TlsCase> TLS =
      List.of(
          new TlsCase(
              "v4-tls12",
              "198.51.100.1",
              "TLSv1.2",
              "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
              "tls.test",
              "h2,http/1.1",
              0),
          new TlsCase(
              "v6-tls13",
              "2001:db8:b::1",
              "TLSv1.3",
              "TLS_AES_256_GCM_SHA384",
              "v6.tls.test",
              "http/1.1",
              0),
          new TlsCase(
              "v4-tls13-big",
              "198.51.100.1",
              "TLSv1.3",
              "TLS_CHACHA20_POLY1305_SHA256",
              "big.tls.test",
              "http/1.1",
              EXTRA_ALPN),
          new TlsCase(
              "v6-tls12",
              "2001:db8:b::1",
              "TLSv1.2",
              "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
              "v6-12.tls.test",
              "-",
              0));

  /**
   * The tunnelled run's cases ({@link #runTunnelled}): one TLS 1.3 handshake each, straight to the
   * server, through a SOCKS5 tunnel and through an HTTP CONNECT tunnel; the SNI is NAME.tls.test.
   */
  public static final List<String> TUNNELS = List.of("direct", "socks", "http");

  /** The proxy's port on side B: SOCKS5 and HTTP CONNECT alike. */
  public static final int PROXY_PORT = 1080;

  public static final List<DnsCase> DNS =
      List.of(
          new DnsCase("198.51.100.1", "www.example.test", 1, "udp"),
          new DnsCase("2001:db8:b::1", "www.example.test", 28, "udp"),
          new DnsCase("198.51.100.1", "api.example.test", 1, "tcp"));

  /**
   * What ran.
   *
   * @param clientPorts each TLS case's client port by name, {@code "plain"}'s (a clear-text HTTP
   *     request to the TLS server's port 443, from 192.0.2.1 to 198.51.100.1) and {@code "named"}'s
   *     (the same to 198.51.100.2, after the DNS answer naming it api.example.test)
   */
  public record Result(Path file, Map<String, Integer> clientPorts, Tcpdump.Stats tcpdump) {
    /**
     * The payload lengths of the segments of the connection from {@code clientPort} to port 443,
     * one direction, in capture order (as tshark reads the file).
     */
    public List<Integer> payloads(int clientPort, boolean fromClient) throws IOException {
      String filter =
          (fromClient ? "tcp.srcport == " : "tcp.dstport == ") + clientPort + " && tcp.len > 0";
      return Commands.run(
              "tshark", "-r", file.toString(), "-T", "fields", "-e", "tcp.len", "-Y", filter)
          .stdout()
          .lines()
          .map(String::strip)
          .map(Integer::valueOf)
          .toList();
    }
  }

  private HandshakeCapture() {}

  public static Result run(Path pcap) throws IOException, InterruptedException {
    try (TestNetwork network = TestNetwork.create(1, 2)) {
      try (Tcpdump tcpdump = Tcpdump.start(network, Side.A, pcap)) {
        Map<String, Integer> ports = exchange(network);
        Tcpdump.Stats stats = tcpdump.stop(network);
        return new Result(pcap, ports, stats);
      }
    }
  }

  /**
   * Real TLS handshakes through proxy tunnels ({@link #TUNNELS}), recorded by tcpdump on side A's
   * veth end: a {@link HandshakePeer} TLS server (port 443) and proxy (port {@value #PROXY_PORT})
   * on side B, one client JVM per case on side A. The JDK's own SOCKS5 and HTTP CONNECT clients
   * ({@code Socket(Proxy)}) set the tunnels up; the proxy's connection to the server stays inside
   * side B, so the capture holds the client-to-proxy connections only.
   *
   * @return a result whose client ports are by case name
   */
  public static Result runTunnelled(Path pcap) throws IOException, InterruptedException {
    try (TestNetwork network = TestNetwork.create(1, 1);
        Tcpdump tcpdump = Tcpdump.start(network, Side.A, pcap)) {
      Path work = Files.createTempDirectory("tcpmap-tunnels");
      List<PeerProcess> peers = new ArrayList<>();
      try {
        for (List<String> server :
            List.of(
                List.of("tls-server", "443"),
                List.of("proxy-server", String.valueOf(PROXY_PORT)))) {
          server(network, server.getFirst(), server, work, peers);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : TUNNELS) {
          List<String> target =
              List.of(
                  "198.51.100.1", "443", "TLSv1.3", "TLS_AES_128_GCM_SHA256", name + ".tls.test");
          List<String> args = new ArrayList<>();
          if (name.equals("direct")) {
            args.add("tls-client");
            args.addAll(target);
            args.add("-");
          } else {
            args.addAll(
                List.of("tls-client-via", name, "198.51.100.1", String.valueOf(PROXY_PORT)));
            args.addAll(target);
          }
          ports.put(name, port(client(network, name, args, work, peers)));
        }
        return new Result(pcap, ports, tcpdump.stop(network));
      } finally {
        stop(peers, work);
      }
    }
  }

  /**
   * Runs every {@link #TLS} and {@link #DNS} exchange across {@code network} (one host on side A,
   * two on side B), for whatever records side A's veth end meanwhile.
   *
   * @return each TLS case's client port by name, {@code "plain"}'s, and {@code "named"}'s (a
   *     clear-text connection to api.example.test's address after the DNS answers)
   */
  public static Map<String, Integer> exchange(TestNetwork network)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("tcpmap-handshakes");
    List<PeerProcess> peers = new ArrayList<>();
    try {
      String nsA = network.namespace(Side.A);
      String dev = network.interfaceName(Side.A);
      Commands.run(
          "ip",
          "-n",
          nsA,
          "-4",
          "route",
          "change",
          "198.51.100.0/24",
          "dev",
          dev,
          "advmss",
          String.valueOf(ADVERTISED_MSS));
      Commands.run(
          "ip",
          "-n",
          nsA,
          "-6",
          "route",
          "change",
          "2001:db8:b::/64",
          "dev",
          dev,
          "advmss",
          String.valueOf(ADVERTISED_MSS));
      for (String server : List.of("tls-server", "dns-server")) {
        List<String> args = server.equals("tls-server") ? List.of(server, "443") : List.of(server);
        server(network, server, args, work, peers);
      }
      Map<String, Integer> ports = new LinkedHashMap<>();
      for (TlsCase c : TLS) {
        List<String> args =
            List.of(
                "tls-client",
                c.server(),
                "443",
                c.protocol(),
                c.suite(),
                c.sni(),
                c.alpn(),
                String.valueOf(c.extraAlpn()));
        ports.put(c.name(), port(client(network, c.name(), args, work, peers)));
      }
      ports.put(
          "plain",
          port(
              client(
                  network, "plain", List.of("plain-client", "198.51.100.1", "443"), work, peers)));
      for (DnsCase c : DNS) {
        client(
            network,
            "dns",
            List.of("dns-client", c.server(), c.name(), String.valueOf(c.type()), c.transport()),
            work,
            peers);
      }
      // After the answers, as a client would: a clear-text connection to the address that
      // api.example.test resolved to, which only the DNS answer can name.
      ports.put(
          "named",
          port(
              client(
                  network, "named", List.of("plain-client", "198.51.100.2", "443"), work, peers)));
      return ports;
    } finally {
      stop(peers, work);
    }
  }

  /** Stops the peers and deletes their work directory. */
  private static void stop(List<PeerProcess> peers, Path work) throws IOException {
    for (PeerProcess peer : peers) {
      peer.close();
    }
    try (var paths = Files.walk(work)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Starts a {@link HandshakePeer} server on side B and waits until it listens. */
  private static void server(
      TestNetwork network, String name, List<String> args, Path work, List<PeerProcess> peers)
      throws IOException, InterruptedException {
    PeerProcess server = PeerProcess.start(network, Side.B, name, HandshakePeer.class, args, work);
    peers.add(server);
    server.awaitLines("listening"::equals, 1, LIMIT);
  }

  private static String client(
      TestNetwork network, String name, List<String> args, Path work, List<PeerProcess> peers)
      throws IOException, InterruptedException {
    PeerProcess client = PeerProcess.start(network, Side.A, name, HandshakePeer.class, args, work);
    peers.add(client);
    List<String> lines = client.awaitExit(LIMIT);
    return lines.stream()
        .filter(l -> l.startsWith("done"))
        .findFirst()
        .orElseThrow(() -> new IOException(name + " printed no done line: " + lines));
  }

  private static int port(String done) throws IOException {
    try {
      return Integer.parseInt(done.substring("done ".length()));
    } catch (NumberFormatException e) {
      throw new IOException("no client port in: " + done, e);
    }
  }
}
