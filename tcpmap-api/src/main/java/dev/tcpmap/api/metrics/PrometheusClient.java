package dev.tcpmap.api.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpmap.query.service.ViewException;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Instant queries to a Prometheus-compatible HTTP API ({@code GET /api/v1/query}), on the JDK's
 * client: connect and answer each within the configured timeout, answers of at most {@value
 * #MAX_ANSWER_BYTES} bytes, no redirects. What goes wrong becomes a {@link ViewException} whose
 * message names the server and the cause, and is counted in {@code
 * tcpmap_prometheus_queries_total{result}}: {@code unavailable} (refused, timed out, 5xx: 503),
 * {@code refused} (4xx, or Prometheus' own {@code "status":"error"}: 502), {@code malformed} (not a
 * vector answer: 502). Thread-safe.
 */
final class PrometheusClient implements AutoCloseable {
  /** Larger answers are refused: a query that big is a mistake, not a graph to draw. */
  static final int MAX_ANSWER_BYTES = 256 << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One series of an instant vector: its labels (without {@code __name__}) and value. */
  record Sample(Map<String, String> labels, double value) {}

  private final PrometheusSettings.Config config;
  private final URI query;
  private final HttpClient http;
  private final Counter results =
      Counter.builder()
          .name("tcpmap_prometheus_queries_total")
          .help(
              "PromQL queries of the query mode by result: ok, unavailable (refused, timed out,"
                  + " 5xx), refused (4xx or an error answer), malformed")
          .labelNames("result")
          .withoutExemplars()
          .build();

  /**
   * @throws IllegalArgumentException when the CA file cannot be read
   */
  PrometheusClient(PrometheusSettings.Config config) {
    this.config = config;
    URI base = config.url().orElseThrow(() -> new IllegalArgumentException("no URL"));
    String path = base.getPath() == null ? "" : base.getPath();
    this.query = base.resolve((path.endsWith("/") ? path : path + "/") + "api/v1/query");
    this.http = config.credentials().client(config.timeout());
    for (String result : List.of("ok", "unavailable", "refused", "malformed")) {
      results.labelValues(result);
    }
  }

  void register(PrometheusRegistry registry) {
    registry.register(results);
  }

  /** Sends all queries at once, evaluated at {@code time}; their vectors in the same order. */
  List<List<Sample>> query(List<String> promql, Instant time) {
    List<CompletableFuture<HttpResponse<InputStream>>> calls = new ArrayList<>();
    for (String q : promql) {
      calls.add(http.sendAsync(request(q, time), HttpResponse.BodyHandlers.ofInputStream()));
    }
    List<List<Sample>> out = new ArrayList<>();
    for (CompletableFuture<HttpResponse<InputStream>> call : calls) {
      out.add(answer(call));
    }
    return out;
  }

  private HttpRequest request(String promql, Instant time) {
    String form =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + time.getEpochSecond()
            + "."
            + String.format("%03d", time.getNano() / 1_000_000);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(query + "?" + form))
            .timeout(config.timeout())
            .header("Accept", "application/json")
            .header("User-Agent", "tcpmap")
            .GET();
    try {
      return config.credentials().authorize(builder).build();
    } catch (IOException e) {
      throw failed("refused", ViewException.Reason.BAD_ANSWER, "cannot read credentials: " + e);
    }
  }

  private List<Sample> answer(CompletableFuture<HttpResponse<InputStream>> call) {
    HttpResponse<InputStream> response;
    try {
      response = call.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String why =
          cause instanceof HttpTimeoutException
              ? "no answer within " + config.timeout().toMillis() + " ms"
              : cause.toString();
      throw failed("unavailable", ViewException.Reason.UNAVAILABLE, "did not answer: " + why);
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_ANSWER_BYTES + 1);
    } catch (IOException e) {
      throw failed("unavailable", ViewException.Reason.UNAVAILABLE, "answer cut: " + e);
    }
    if (body.length > MAX_ANSWER_BYTES) {
      throw failed(
          "malformed",
          ViewException.Reason.BAD_ANSWER,
          "answered more than " + MAX_ANSWER_BYTES + " bytes");
    }
    int status = response.statusCode();
    if (status >= 500) {
      throw failed(
          "unavailable",
          ViewException.Reason.UNAVAILABLE,
          "answered HTTP " + status + errorText(body));
    }
    if (status != 200) {
      throw failed(
          "refused", ViewException.Reason.BAD_ANSWER, "answered HTTP " + status + errorText(body));
    }
    List<Sample> samples = parse(body);
    results.labelValues("ok").inc();
    return samples;
  }

  /**
   * The vector of a {@code {"status":"success","data":{"resultType":"vector","result":[...]}}}
   * answer.
   */
  private List<Sample> parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw malformed("not JSON: " + shorten(e.getMessage()));
    }
    if (root == null || !root.path("status").asText().equals("success")) {
      if (root != null && root.path("status").asText().equals("error")) {
        throw failed("refused", ViewException.Reason.BAD_ANSWER, "answered" + errorText(body));
      }
      throw malformed("no \"status\":\"success\"");
    }
    JsonNode data = root.path("data");
    if (!data.path("resultType").asText().equals("vector") || !data.path("result").isArray()) {
      throw malformed("not an instant vector (data.resultType, data.result)");
    }
    List<Sample> out = new ArrayList<>(data.path("result").size());
    int i = 0;
    for (JsonNode series : data.path("result")) {
      out.add(sample(series, i++));
    }
    return out;
  }

  private Sample sample(JsonNode series, int index) {
    JsonNode metric = series.path("metric");
    JsonNode value = series.path("value");
    if (!metric.isObject() || !value.isArray() || value.size() != 2 || !value.get(1).isTextual()) {
      throw malformed("data.result[" + index + "]: expected {metric: {...}, value: [t, \"v\"]}");
    }
    Map<String, String> labels = new HashMap<>();
    for (Map.Entry<String, JsonNode> label : metric.properties()) {
      if (!label.getKey().equals("__name__")) {
        labels.put(label.getKey(), label.getValue().asText());
      }
    }
    double v;
    try {
      v = Double.parseDouble(value.get(1).asText());
    } catch (NumberFormatException e) {
      throw malformed("data.result[" + index + "].value: not a number: " + value.get(1).asText());
    }
    return new Sample(Map.copyOf(labels), v);
  }

  /** Prometheus' {@code error} text of an answer, when it has one. */
  private static String errorText(byte[] body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root != null && root.path("error").isTextual()) {
        return ": " + shorten(root.path("error").asText());
      }
    } catch (JsonProcessingException e) {
      // not JSON: the status says it
    } catch (IOException e) {
      // likewise
    }
    return "";
  }

  private ViewException malformed(String why) {
    return failed("malformed", ViewException.Reason.BAD_ANSWER, "answered malformed: " + why);
  }

  private ViewException failed(String result, ViewException.Reason reason, String why) {
    results.labelValues(result).inc();
    return new ViewException(reason, "Prometheus at " + config.url().orElseThrow() + " " + why);
  }

  private static String shorten(String text) {
    String t = text == null ? "" : text;
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }

  @Override
  public void close() {
    http.close();
  }
}
