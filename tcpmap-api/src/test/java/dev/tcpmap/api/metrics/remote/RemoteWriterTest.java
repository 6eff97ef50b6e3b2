package dev.tcpmap.api.metrics.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.api.metrics.remote.WriteRequests.Series;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Remote write against a receiver that is away, failing, refusing or slow (a small HTTP server in
 * the test; the path that succeeds runs against a real Prometheus in the server module's
 * PrivilegedPrometheusTest): the queue stays within its bound, retries and drops are counted, and
 * sending resumes when the receiver is back.
 */
class RemoteWriterTest {
  private static final int SERIES = 400;
  private static final int MAX_QUEUED = 1_000;

  /** A bound on waiting, not a timing assertion. */
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicInteger status = new AtomicInteger(204);
  private final AtomicInteger delayMillis = new AtomicInteger();
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private RemoteWriter writer;

  RemoteWriterTest() {
    Counter c = Counter.builder().name("x_total").labelNames("i").register(registry);
    for (int i = 0; i < SERIES; i++) {
      c.labelValues(Integer.toString(i)).inc(i);
    }
  }

  @AfterEach
  void stop() {
    if (writer != null) {
      writer.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void receiverDown_queueBounded_oldestDroppedAndCounted_thenRecovers() throws Exception {
    int port = freePort();
    writer = start(port, Optional.empty(), Optional.empty());

    awaitBounded(() -> value("tcpmap_remote_write_samples_dropped_total", "queue-full") > 0);
    assertThat(value("tcpmap_remote_write_requests_total", "retried")).isPositive();
    assertThat(value("tcpmap_remote_write_samples_sent_total", null)).isZero();

    receiver = receiver(port);
    awaitBounded(() -> value("tcpmap_remote_write_samples_sent_total", null) >= SERIES);
    byte[] first = Snappy.uncompress(bodies.getFirst());
    assertThat(new String(first, StandardCharsets.ISO_8859_1)).contains("x_total");
  }

  @Test
  void serverErrors_retriedWithBackoff_notDroppedUntilTheQueueIsFull() throws Exception {
    status.set(503);
    startWithReceiver(Optional.empty(), Optional.empty());

    awaitBounded(() -> value("tcpmap_remote_write_requests_total", "retried") >= 3);
    assertThat(value("tcpmap_remote_write_samples_dropped_total", "rejected")).isZero();

    status.set(204);
    awaitBounded(() -> value("tcpmap_remote_write_samples_sent_total", null) >= SERIES);
  }

  @Test
  void clientErrors_droppedAsRejected_notRetried() throws Exception {
    status.set(400);
    startWithReceiver(Optional.empty(), Optional.empty());

    awaitBounded(() -> value("tcpmap_remote_write_samples_dropped_total", "rejected") >= SERIES);
    assertThat(value("tcpmap_remote_write_requests_total", "retried")).isZero();
    assertThat(value("tcpmap_remote_write_samples_sent_total", null)).isZero();
  }

  @Test
  void slowReceiver_timesOutAndRetries_thenSends() throws Exception {
    delayMillis.set(2_000);
    startWithReceiver(Optional.empty(), Optional.empty());

    awaitBounded(() -> value("tcpmap_remote_write_requests_total", "retried") >= 1);
    delayMillis.set(0);
    awaitBounded(() -> value("tcpmap_remote_write_samples_sent_total", null) >= SERIES);
  }

  @Test
  void bearerToken_readFromItsFile_sentAsAuthorization() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
    startWithReceiver(Optional.of(token), Optional.empty());

    awaitBounded(() -> !authorizations.isEmpty());
    assertThat(authorizations.getFirst()).isEqualTo("Bearer s3cret");
  }

  @Test
  void basicAuth_userAndPasswordFile() throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "pw");
    startWithReceiver(
        Optional.empty(), Optional.of(new ClientCredentials.BasicAuth("agent", password)));

    awaitBounded(() -> !authorizations.isEmpty());
    assertThat(authorizations.getFirst()).isEqualTo("Basic YWdlbnQ6cHc=");
  }

  /** A receiver on a free port, and a writer sending to it. */
  private void startWithReceiver(Optional<Path> token, Optional<ClientCredentials.BasicAuth> basic)
      throws IOException {
    receiver = receiver(0);
    writer = start(receiver.getAddress().getPort(), token, basic);
  }

  private RemoteWriter start(
      int port, Optional<Path> token, Optional<ClientCredentials.BasicAuth> basic) {
    RemoteWriteConfig config =
        new RemoteWriteConfig(
            URI.create("http://127.0.0.1:" + port + "/api/v1/write"),
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            MAX_QUEUED,
            Map.of("cluster", "test"),
            token,
            basic,
            Optional.empty());
    return RemoteWriter.start(config, registry, InstantSource.system());
  }

  private HttpServer receiver(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/api/v1/write",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (auth != null) {
            authorizations.add(auth);
          }
          try {
            Thread.sleep(delayMillis.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          int code = status.get();
          if (code / 100 == 2) {
            bodies.add(body);
          }
          exchange.sendResponseHeaders(code, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  /**
   * Waits for {@code done}, checking at each look that the queue is within its bound (memory: the
   * queue, plus the one request in flight).
   */
  private void awaitBounded(BooleanSupplier done) throws InterruptedException {
    Instant deadline = Instant.now().plus(LIMIT);
    while (Instant.now().isBefore(deadline)) {
      assertThat(value("tcpmap_remote_write_queued_samples", null)).isLessThanOrEqualTo(MAX_QUEUED);
      if (done.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not as expected within " + LIMIT + ": " + registry.scrape());
  }

  /** The value of a sample of {@code name}, with {@code reason} or {@code result} {@code label}. */
  private double value(String name, String label) {
    double total = 0;
    for (Series s : SnapshotSeries.of(registry.scrape(), Map.of(), 0)) {
      List<String> l = s.labels();
      if (l.contains(name) && (label == null || l.contains(label))) {
        total += s.value();
      }
    }
    return total;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
