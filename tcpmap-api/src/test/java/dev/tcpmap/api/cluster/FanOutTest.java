package dev.tcpmap.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.ApiConfig;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.api.metrics.PeerMetrics;
import dev.tcpmap.api.testing.CannedPeer;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.cluster.EdgeMerge;
import dev.tcpmap.query.cluster.MissingPeer;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.service.LocalView;
import dev.tcpmap.query.service.RecordsView;
import dev.tcpmap.query.testing.ClusterWorld;
import dev.tcpmap.query.testing.ClusterWorld.SilentServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FanOutTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** Generous: the bound under test is "not waiting for stragglers", not speed. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private static final LocalView SELF = edgesOf(ClusterWorld.NODE_A);
  private static ApiServer agentA;
  private static ApiServer agentB;
  private static SilentServer hung;

  @BeforeAll
  static void start() {
    agentA = agent(ClusterWorld.NODE_A);
    agentB = agent(ClusterWorld.NODE_B);
    hung = new SilentServer();
  }

  @AfterAll
  static void stop() throws IOException {
    agentA.close();
    agentB.close();
    hung.close();
  }

  private static ApiServer agent(Snapshot snapshot) {
    ApiConfig config =
        ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10))
            .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .withResolver(ClusterWorld.NAMES)
            .withClock(InstantSource.fixed(ClusterWorld.NOW));
    return ApiServer.start(config, () -> snapshot);
  }

  private static LocalView edgesOf(Snapshot snapshot) {
    return new RecordsView(() -> snapshot, ClusterWorld.NAMES, Duration.ofSeconds(10));
  }

  private static Peer peer(String name, String node, int port) {
    return new Peer(name, node, "127.0.0.1", port);
  }

  private static FanOut fanOut(PeerDirectory directory, PeerMetrics metrics, long maxBytes) {
    return new FanOut(
        directory,
        TIMEOUT,
        SELF,
        metrics,
        InstantSource.fixed(ClusterWorld.NOW),
        PeerTransport.PLAIN,
        maxBytes);
  }

  private static ClusterAnswer<List<EdgeStats>> collect(PeerDirectory directory) {
    try (FanOut fanOut =
        fanOut(directory, new PeerMetrics(new PrometheusRegistry()), FanOut.MAX_ANSWER_BYTES)) {
      return fanOut.edges(TimeRange.ALL).orElseThrow();
    }
  }

  private static long connections(ClusterAnswer<List<EdgeStats>> cluster) {
    return cluster.merged().stream().mapToLong(EdgeStats::connections).sum();
  }

  @Test
  void collect_downAndHungPeers_mergesTheRestOnceAndNamesThem() {
    Peer self = peer("agent-a", "node-a", 1);
    Peer b = peer("agent-b", "node-b", agentB.port());
    Peer down = peer("agent-c", "node-c", ClusterWorld.closedPort());
    Peer slow = peer("agent-d", "node-d", hung.port());
    long started = System.nanoTime();

    ClusterAnswer<List<EdgeStats>> cluster =
        collect(ClusterWorld.directory("agent-a", self, b, down, slow));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isLessThan(TIMEOUT.plus(MARGIN));
    assertThat(cluster.merged())
        .containsExactlyInAnyOrderElementsOf(
            EdgeMerge.merge(
                List.of(
                    SELF.edges(TimeRange.ALL), edgesOf(ClusterWorld.NODE_B).edges(TimeRange.ALL)),
                java.util.Set.of("node-a", "node-b")));
    assertThat(connections(cluster)).isEqualTo(8);
    assertThat(cluster.answered()).containsExactly(self, b);
    assertThat(cluster.missing())
        .extracting(m -> m.peer().name() + " " + m.reason())
        .containsExactly("agent-c REFUSED", "agent-d TIMEOUT");
    assertThat(cluster.losses())
        .isEqualTo(Map.of("tracer/ring-buffer-full", 4L, "agent/close-missed", 2L));
    assertThat(cluster.asOf()).isEqualTo(ClusterWorld.NOW.minusSeconds(1));
  }

  @Test
  void collect_selfUnnamed_asksItselfOverHttp() {
    Peer a = peer("agent-a", "node-a", agentA.port());
    Peer b = peer("agent-b", "node-b", agentB.port());

    ClusterAnswer<List<EdgeStats>> cluster = collect(ClusterWorld.directory("", a, b));

    assertThat(cluster.missing()).isEmpty();
    assertThat(connections(cluster)).isEqualTo(8);
  }

  @Test
  void collect_peerListedTwice_isAskedOnce() {
    Peer b = peer("agent-b", "node-b", agentB.port());

    ClusterAnswer<List<EdgeStats>> cluster =
        collect(ClusterWorld.directory("agent-a", peer("agent-a", "node-a", 1), b, b));

    assertThat(cluster.answered()).hasSize(2);
    assertThat(connections(cluster)).isEqualTo(8);
  }

  @Test
  void collect_noPeers_isEmpty() {
    try (FanOut fanOut =
        fanOut(PeerDirectory.NONE, new PeerMetrics(new PrometheusRegistry()), 1 << 20)) {
      assertThat(fanOut.edges(TimeRange.ALL)).isEmpty();
    }
  }

  @Test
  void collect_nobodyAnswers_isEmptyWithEveryPeerMissing() {
    Peer down = peer("agent-c", "node-c", ClusterWorld.closedPort());

    ClusterAnswer<List<EdgeStats>> cluster = collect(ClusterWorld.directory("agent-a", down));

    assertThat(cluster.merged()).isEmpty();
    assertThat(cluster.missing())
        .singleElement()
        .extracting(MissingPeer::reason)
        .isEqualTo(MissingPeer.Reason.REFUSED);
    assertThat(cluster.asOf()).isEqualTo(ClusterWorld.NOW);
  }

  @Test
  void collect_manyHungPeers_returnsAtTheDeadline() throws IOException {
    List<SilentServer> servers = new ArrayList<>();
    List<Peer> peers = new ArrayList<>();
    peers.add(peer("agent-a", "node-a", 1));
    for (int i = 0; i < 20; i++) {
      SilentServer server = new SilentServer();
      servers.add(server);
      peers.add(peer("hung-" + i, "node-h" + i, server.port()));
    }
    try {
      long started = System.nanoTime();

      ClusterAnswer<List<EdgeStats>> cluster =
          collect(ClusterWorld.directory("agent-a", peers.toArray(Peer[]::new)));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plus(MARGIN));
      assertThat(cluster.missing())
          .hasSize(20)
          .allMatch(m -> m.reason() == MissingPeer.Reason.TIMEOUT);
      assertThat(connections(cluster)).isEqualTo(3);
    } finally {
      for (SilentServer server : servers) {
        server.close();
      }
    }
  }

  /** A peer's answer and how the fan-out must take it. */
  record BadPeer(
      String name,
      int status,
      byte[] body,
      Map<String, String> headers,
      MissingPeer.Reason reason,
      String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadPeer> badPeers() throws IOException {
    byte[] huge =
        ("{\"version\":1,\"pad\":\"" + "x".repeat(200_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
      gzip.write(huge);
      gzip.write("x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8));
    }
    return Stream.of(
        new BadPeer(
            "not JSON",
            200,
            bytes("<html>hello</html>"),
            Map.of(),
            MissingPeer.Reason.MALFORMED,
            "not JSON: Unexpected character ('<'"),
        new BadPeer(
            "wrong shape",
            200,
            bytes("{\"nodes\":[],\"edges\":[]}"),
            Map.of(),
            MissingPeer.Reason.MALFORMED,
            "version: expected 1, got none"),
        new BadPeer(
            "k8spacket's records",
            200,
            bytes("[{\"src\":\"10.0.0.1\"}]"),
            Map.of(),
            MissingPeer.Reason.MALFORMED,
            "not a JSON object"),
        new BadPeer(
            "huge",
            200,
            huge,
            Map.of(),
            MissingPeer.Reason.MALFORMED,
            "answer larger than 65536 bytes"),
        new BadPeer(
            "gzip bomb",
            200,
            bomb.toByteArray(),
            Map.of("Content-Encoding", "gzip"),
            MissingPeer.Reason.MALFORMED,
            "answer larger than 65536 bytes"),
        new BadPeer(
            "not gzip",
            200,
            bytes("plain"),
            Map.of("Content-Encoding", "gzip"),
            MissingPeer.Reason.MALFORMED,
            "Not in GZIP format"),
        new BadPeer(
            "an old tcpmap",
            404,
            bytes("{\"error\":\"no such endpoint\"}"),
            Map.of(),
            MissingPeer.Reason.HTTP_STATUS,
            "HTTP 404"),
        new BadPeer(
            "failing",
            500,
            bytes("{\"error\":\"internal error\"}"),
            Map.of(),
            MissingPeer.Reason.HTTP_STATUS,
            "HTTP 500"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPeers")
  void collect_badAnswer_isAMissingPeerWithItsReason(BadPeer bad) {
    try (CannedPeer canned = new CannedPeer(bad.status(), bad.body(), bad.headers());
        FanOut fanOut =
            fanOut(
                ClusterWorld.directory(
                    "agent-a",
                    peer("agent-a", "node-a", 1),
                    peer("agent-x", "node-x", canned.port())),
                new PeerMetrics(new PrometheusRegistry()),
                64 * 1024)) {
      ClusterAnswer<List<EdgeStats>> cluster = fanOut.edges(TimeRange.ALL).orElseThrow();

      assertThat(cluster.missing())
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.peer().name()).isEqualTo("agent-x");
                assertThat(m.reason()).isEqualTo(bad.reason());
                assertThat(m.message()).startsWith(bad.message());
              });
      assertThat(connections(cluster)).isEqualTo(3);
    }
  }

  @Test
  void collect_sendsTheWindow() {
    long t0 = dev.tcpmap.core.testing.TestConnections.T0.toEpochMilli();
    TimeRange window = new TimeRange(t0 + 7_000, t0 + 9_000);
    Peer b = peer("agent-b", "node-b", agentB.port());
    try (FanOut fanOut =
        fanOut(ClusterWorld.directory("", b), new PeerMetrics(new PrometheusRegistry()), 1 << 20)) {
      ClusterAnswer<List<EdgeStats>> cluster = fanOut.edges(window).orElseThrow();

      // b alone answered, so web-1 → api-7 (node a has no answering agent) counts too.
      assertThat(connections(cluster)).isEqualTo(3);
    }
  }
}
