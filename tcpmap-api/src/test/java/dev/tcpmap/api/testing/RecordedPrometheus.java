package dev.tcpmap.api.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A small HTTP server on loopback standing for Prometheus' {@code /api/v1/query}: it answers each
 * query with the answer a real Prometheus (2.42, Debian's) gave to it, recorded under {@code
 * dev/tcpmap/api/metrics/prometheus/} from {@code scraped-metrics.txt} scraped, chosen by the
 * metric the query reads; or with a status and body a test sets; or not at all until closed (a hung
 * server). It keeps the queries it was asked.
 */
public final class RecordedPrometheus implements AutoCloseable {
  private static final String DIR = "/dev/tcpmap/api/metrics/prometheus/";
  private static final Map<String, String> BY_METRIC =
      Map.of(
          "tcpmap_connections_total", "connections.json",
          "tcpmap_bytes_total", "bytes.json",
          "tcpmap_connection_duration_seconds_sum", "duration-sum.json",
          "tcpmap_connection_duration_seconds_bucket", "duration-buckets.json");

  private final HttpServer server;
  private final List<Map<String, String>> asked = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile int status = 200;
  private volatile String body;
  private volatile boolean hang;

  public RecordedPrometheus() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/api/v1/query", this::answer);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** Its base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now on every query is answered {@code status} with {@code body}. */
  public void answerAll(int status, String body) {
    this.status = status;
    this.body = body;
  }

  /** From now on every query waits, unanswered, until {@link #close}. */
  public void hang() {
    this.hang = true;
  }

  /** The parameters of each query asked, in order. */
  public List<Map<String, String>> asked() {
    return List.copyOf(asked);
  }

  /** A recorded answer by its file name. */
  public static String recorded(String file) {
    try (InputStream in = RecordedPrometheus.class.getResourceAsStream(DIR + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    Map<String, String> params = new ConcurrentHashMap<>();
    for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      params.put("Authorization", authorization);
    }
    asked.add(params);
    if (hang) {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    String text = body;
    int code = status;
    if (text == null) {
      String query = params.getOrDefault("query", "");
      text =
          BY_METRIC.entrySet().stream()
              .filter(e -> query.contains(e.getKey() + "["))
              .map(e -> recorded(e.getValue()))
              .findFirst()
              .orElse(recorded("bad-query-400.json"));
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
