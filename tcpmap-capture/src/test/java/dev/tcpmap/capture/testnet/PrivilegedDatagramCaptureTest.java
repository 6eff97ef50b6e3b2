package dev.tcpmap.capture.testnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.capture.AnalysisResult;
import dev.tcpmap.capture.CaptureAnalyzer;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.capture.track.UdpConfig;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.UdpFlow;
import dev.tcpmap.core.testing.Privileged;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real UDP, ICMP and DNS between two network namespaces, captured by tcpdump on side A and
 * analysed: UDP exchanges of known sizes (IPv4 and IPv6, connected and unconnected sockets), sends
 * to a closed port, TCP connects rejected by an iptables/ip6tables REJECT rule, and a dnsmasq
 * answering, failing with NXDOMAIN, and a resolver address that never answers. What the analysis
 * reports must be exactly what the test made; tshark's {@code conv,udp} must agree on the flows.
 */
@Tag("privileged")
class PrivilegedDatagramCaptureTest {
  private static final int UDP_PORT = 7000;
  private static final int CLOSED_PORT = 7001;
  private static final int REJECTED_PORT = 8081;

  /** tcpdump's drain datagram ({@link Tcpdump}): to port 9, answered by port unreachable. */
  private static final int DRAIN_PORT = 9;

  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final UdpConfig UDP =
      new UdpConfig(Duration.ofSeconds(30), 65_536, Duration.ofMillis(500));

  @TempDir static Path dir;
  private static TestNetwork network;
  private static Process dnsmasq;
  private static final List<UdpFlow> expected = new ArrayList<>();
  private static final List<String> rejected = new ArrayList<>();
  private static final Map<String, Integer> dnsPorts = new TreeMap<>();
  private static Path pcap;
  private static AnalysisResult result;

  /** One UDP client's plan: the socket kind, the family, its steps {@code sent:asked}. */
  private record Exchange(boolean connected, boolean v6, int port, int[][] steps) {}

  @BeforeAll
  static void captureAndAnalyze() throws Exception {
    Privileged.requireRoot();
    for (String command :
        List.of("ip", "ethtool", "tcpdump", "tshark", "dnsmasq", "iptables", "ip6tables", "bash")) {
      Privileged.requireCommand(command);
    }
    network = TestNetwork.create(1, 1);
    for (String iptables : List.of("iptables", "ip6tables")) {
      Commands.run(
          LIMIT,
          network.inNamespace(
              Side.B,
              List.of(
                  iptables,
                  "-A",
                  "INPUT",
                  "-p",
                  "tcp",
                  "--dport",
                  String.valueOf(REJECTED_PORT),
                  "-j",
                  "REJECT")));
    }
    startDnsmasq();
    try (PeerProcess server =
        PeerProcess.start(
            network,
            Side.B,
            "udp-server",
            UdpPeer.class,
            List.of("server", String.valueOf(UDP_PORT)),
            dir)) {
      server.awaitLines("ready"::equals, 1, LIMIT);
      awaitDnsmasq();
      pcap = dir.resolve("datagrams.pcap");
      Tcpdump tcpdump = Tcpdump.start(network, Side.A, pcap);
      try (tcpdump) {
        List<Exchange> exchanges =
            List.of(
                // Every datagram fits the veth's MTU: IP fragments are counted, not reassembled.
                new Exchange(
                    false, false, UDP_PORT, new int[][] {{100, 1000}, {200, 0}, {300, 1400}}),
                new Exchange(true, false, UDP_PORT, new int[][] {{50, 60}, {70, 80}}),
                new Exchange(true, true, UDP_PORT, new int[][] {{1200, 20}, {10, 1400}}),
                new Exchange(false, true, UDP_PORT, new int[][] {{64, 64}}),
                new Exchange(false, false, CLOSED_PORT, new int[][] {{40, 0}}),
                new Exchange(true, true, CLOSED_PORT, new int[][] {{48, 0}}));
        for (Exchange exchange : exchanges) {
          run(exchange);
        }
        for (boolean v6 : new boolean[] {false, true}) {
          reject(v6);
        }
        dns("known", network.v4(Side.B, 0), 1, "known.test", 5_000);
        dns("nx", network.v4(Side.B, 0), 2, "nx.test", 5_000);
        // Waits longer than the analysis's DNS timeout: the packets after it move the capture
        // clock past it, so the query is reported unanswered, not pending at the end.
        dns("silent", network.unreachable(false), 3, "silent.test", 1_000);
        tcpdump.stop(network);
      }
      server.closeInput();
    }
    result = new CaptureAnalyzer(TrackerConfig.defaults(), UDP).analyze(pcap);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (dnsmasq != null) {
      Commands.destroy(dnsmasq);
    }
    if (network != null) {
      network.close();
    }
  }

  private static void run(Exchange e) throws Exception {
    IpAddress server = e.v6 ? network.v6(Side.B, 0) : network.v4(Side.B, 0);
    List<String> args =
        new ArrayList<>(
            List.of(
                "client",
                e.connected ? "connected" : "unconnected",
                server.toString(),
                String.valueOf(e.port)));
    long sent = 0;
    long received = 0;
    long answers = 0;
    for (int[] step : e.steps) {
      args.add(step[0] + ":" + step[1]);
      sent += step[0];
      received += step[1];
      answers += step[1] > 0 ? 1 : 0;
    }
    try (PeerProcess client =
        PeerProcess.start(network, Side.A, "udp-client", UdpPeer.class, args, dir)) {
      List<String> lines = client.awaitExit(LIMIT);
      int local = localPort(lines);
      assertThat(lines.stream().filter(l -> l.startsWith("received ")).count()).isEqualTo(answers);
      IpAddress client1 = e.v6 ? network.v6(Side.A, 0) : network.v4(Side.A, 0);
      expected.add(
          new UdpFlow(
              client1,
              local,
              server,
              e.port,
              Instant.EPOCH,
              Duration.ZERO,
              sent,
              received,
              e.steps.length,
              answers,
              e.port == CLOSED_PORT ? Outcome.REFUSED : Outcome.UNKNOWN));
    }
  }

  private static void reject(boolean v6) throws IOException {
    IpAddress server = v6 ? network.v6(Side.B, 0) : network.v4(Side.B, 0);
    String target = (v6 ? "[" + server + "]" : server.toString());
    // bash's /dev/tcp connects; the REJECT's ICMP error fails the connect at once (ECONNREFUSED).
    String script = "exec 3<>/dev/tcp/" + server + "/" + REJECTED_PORT;
    try {
      Commands.run(LIMIT, network.inNamespace(Side.A, List.of("bash", "-c", script)));
      throw new AssertionError("connect to the REJECT rule succeeded: " + target);
    } catch (IOException refused) {
      rejected.add(server.toString());
    }
  }

  private static void dns(String label, IpAddress server, int id, String name, int waitMillis)
      throws Exception {
    try (PeerProcess client =
        PeerProcess.start(
            network,
            Side.A,
            "dns-" + label,
            UdpPeer.class,
            List.of("dns", server.toString(), String.valueOf(id), name, String.valueOf(waitMillis)),
            dir)) {
      List<String> lines = client.awaitExit(LIMIT);
      dnsPorts.put(name, localPort(lines));
    }
  }

  private static int localPort(List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith("local "))
        .map(l -> Integer.parseInt(l.substring(6)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no local port in " + lines));
  }

  private static void startDnsmasq() throws IOException {
    List<String> argv =
        network.inNamespace(
            Side.B,
            List.of(
                "dnsmasq",
                "--keep-in-foreground",
                "--no-resolv",
                "--no-hosts",
                "--conf-file=/dev/null",
                "--pid-file=",
                "--user=root",
                "--bind-interfaces",
                "--listen-address=" + network.v4(Side.B, 0),
                "--port=53",
                "--address=/known.test/198.51.100.7",
                "--address=/nx.test/"));
    dnsmasq =
        new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("dnsmasq.stderr").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
  }

  /** Asks dnsmasq until it answers (before the capture starts): its readiness signal. */
  private static void awaitDnsmasq() throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (true) {
      try (PeerProcess probe =
          PeerProcess.start(
              network,
              Side.A,
              "dns-probe",
              UdpPeer.class,
              List.of("dns", network.v4(Side.B, 0).toString(), "99", "known.test", "500"),
              dir)) {
        if (probe.awaitExit(LIMIT).contains("rcode 0")) {
          return;
        }
      }
      if (System.nanoTime() > deadline || !dnsmasq.isAlive()) {
        throw new IOException("dnsmasq did not answer within " + LIMIT);
      }
    }
  }

  private static List<UdpFlow> flowsToTheServers() {
    return result.datagrams().udp().stream()
        .filter(f -> f.serverPort() == UDP_PORT || f.serverPort() == CLOSED_PORT)
        .toList();
  }

  @Test
  void analyze_datagrams_readsEveryPacketWithoutErrorsOrLosses() {
    assertThat(result.stats().error()).isEmpty();
    assertThat(result.stats().decodeErrors()).isEmpty();
    assertThat(result.losses()).isEmpty();
  }

  @Test
  void analyze_udpExchanges_areExactFlowsEachWay() {
    assertThat(flowsToTheServers())
        .extracting(
            UdpFlow::client,
            UdpFlow::clientPort,
            UdpFlow::server,
            UdpFlow::serverPort,
            UdpFlow::bytesSent,
            UdpFlow::bytesReceived,
            UdpFlow::datagramsSent,
            UdpFlow::datagramsReceived,
            UdpFlow::outcome)
        .containsExactlyInAnyOrderElementsOf(
            expected.stream()
                .map(
                    f ->
                        tuple(
                            f.client(),
                            f.clientPort(),
                            f.server(),
                            f.serverPort(),
                            f.bytesSent(),
                            f.bytesReceived(),
                            f.datagramsSent(),
                            f.datagramsReceived(),
                            f.outcome()))
                .toList());
  }

  @Test
  void analyze_sendToAClosedPort_isRefusedWithItsIcmpErrorMatched() {
    assertThat(result.datagrams().icmp())
        .filteredOn(e -> e.destinationPort() == CLOSED_PORT)
        .extracting(
            IcmpError::v6, IcmpError::typeName, IcmpError::portUnreachable, IcmpError::matched)
        .containsExactlyInAnyOrder(
            tuple(false, "destination-unreachable", true, "udp"),
            tuple(true, "destination-unreachable", true, "udp"));
  }

  @Test
  void analyze_connectRejectedByIcmp_isUnreachableWithTheErrorKept() {
    List<Connection> toRejected =
        result.connections().stream().filter(c -> c.serverPort() == REJECTED_PORT).toList();
    assertThat(toRejected)
        .extracting(c -> c.server().toString(), Connection::outcome, Connection::startSeen)
        .containsExactlyInAnyOrderElementsOf(
            rejected.stream().map(s -> tuple(s, Outcome.UNREACHABLE, true)).toList());
    // connect() holds the socket while it sends the SYN: an error that comes back at once on the
    // veth is only a soft error then, and the kernel gives up at the next SYN's error. Both are
    // matched; the connection ends at the first.
    assertThat(result.datagrams().icmp())
        .filteredOn(e -> e.destinationPort() == REJECTED_PORT)
        .extracting(IcmpError::protocol, IcmpError::type, IcmpError::code, IcmpError::matched)
        .containsOnly(tuple("tcp", 3, 3, "tcp"), tuple("tcp", 1, 4, "tcp"));
  }

  @Test
  void analyze_dnsLookups_answeredNxdomainAndUnanswered() {
    assertThat(result.datagrams().lookups())
        .filteredOn(l -> l.id() != 99)
        .extracting(
            DnsLookup::name, DnsLookup::clientPort, DnsLookup::rcodeName, DnsLookup::addresses)
        .containsExactlyInAnyOrder(
            tuple("known.test", dnsPorts.get("known.test"), "NOERROR", 1),
            tuple("nx.test", dnsPorts.get("nx.test"), "NXDOMAIN", 0),
            tuple("silent.test", dnsPorts.get("silent.test"), "UNANSWERED", 0));
    assertThat(result.names())
        .extracting(n -> n.name(), n -> n.address().toString())
        .containsExactly(tuple("known.test", "198.51.100.7"));
  }

  @Test
  void analyze_udpFlows_agreeWithTsharkConversations() throws Exception {
    Map<String, String> ours =
        result.datagrams().udp().stream()
            .collect(
                Collectors.toMap(
                    f -> pair(f.client(), f.clientPort(), f.server(), f.serverPort()),
                    f ->
                        f.datagramsSent()
                            + "/"
                            + f.bytesSent()
                            + " "
                            + f.datagramsReceived()
                            + "/"
                            + f.bytesReceived()));
    Map<String, String> tshark = new TreeMap<>();
    for (TsharkUdpConversations.Conversation c : TsharkUdpConversations.read(pcap, LIMIT)) {
      long header = 14 + (c.a().v6() ? 40 : 20) + 8;
      // Oriented as ours: the client is whichever side our flow names first.
      String forward = pair(c.a(), c.aPort(), c.b(), c.bPort());
      String backward = pair(c.b(), c.bPort(), c.a(), c.aPort());
      boolean aIsClient = ours.containsKey(forward);
      tshark.put(
          aIsClient ? forward : backward,
          aIsClient
              ? c.framesToB()
                  + "/"
                  + (c.bytesToB() - header * c.framesToB())
                  + " "
                  + c.framesToA()
                  + "/"
                  + (c.bytesToA() - header * c.framesToA())
              : c.framesToA()
                  + "/"
                  + (c.bytesToA() - header * c.framesToA())
                  + " "
                  + c.framesToB()
                  + "/"
                  + (c.bytesToB() - header * c.framesToB()));
    }

    assertThat(new TreeMap<>(ours)).isEqualTo(tshark);
    assertThat(ours.keySet()).anyMatch(k -> k.endsWith(":" + DRAIN_PORT));
  }

  private static String pair(IpAddress client, int clientPort, IpAddress server, int serverPort) {
    return Tuples.of(client, clientPort, server, serverPort);
  }
}
