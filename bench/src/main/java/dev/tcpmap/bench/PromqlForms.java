package dev.tcpmap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpmap.api.metrics.PrometheusView;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the query mode's time goes, form by form: each way of writing a counter's growth over the
 * window, its four queries sent to Prometheus with {@code stats=all}, which reports the samples it
 * read ({@code totalQueryableSamples}: a cost that does not depend on the machine's load), the most
 * it held at once, and its own evaluation time; beside them the bytes of the answers (what the view
 * parses). Each form's sums are compared with the view's own form: equal, or how far off.
 *
 * <ul>
 *   <li>{@code scraped}: the view's ({@link PrometheusView#SCRAPED}), {@code last_over_time} twice;
 *   <li>{@code one-range}: {@code last_over_time} once, the new series' base from the instant
 *       {@code x}: loses a series born in the window that stopped before its end's lookback;
 *   <li>{@code instant}: no range at all: loses any series that stopped before the lookback;
 *   <li>{@code increase}: {@code increase(x[d])}: reads the window too, extrapolates, and misses a
 *       series' first count.
 * </ul>
 */
final class PromqlForms {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final Map<String, PrometheusView.Growth> FORMS =
      Map.of(
          "scraped",
          PrometheusView.SCRAPED,
          "one-range",
          (x, d) ->
              "clamp_min(last_over_time("
                  + x
                  + "["
                  + d
                  + "]) - ("
                  + x
                  + " offset "
                  + d
                  + " or 0 * "
                  + x
                  + "), 0)",
          "instant",
          (x, d) -> "clamp_min(" + x + " - (" + x + " offset " + d + " or 0 * " + x + "), 0)",
          "increase",
          (x, d) -> "increase(" + x + "[" + d + "])");

  /** What one form's four queries cost Prometheus, and what they answered. */
  record Cost(
      long samples, long peak, double execSeconds, long answerBytes, Map<String, Double> sums) {}

  private PromqlForms() {}

  /**
   * Prints a Markdown table of every form's cost for the window {@code windowMillis} to {@code at}.
   */
  static void print(HttpClient http, URI url, long windowMillis, Instant at, PrintStream out)
      throws Exception {
    Cost reference =
        cost(http, url, PrometheusView.queries(windowMillis, PrometheusView.SCRAPED), at);
    out.println(
        "| form | samples read | peak samples | Prometheus eval s | answer bytes | sums as scraped |");
    out.println("|---|---|---|---|---|---|");
    for (String form : List.of("scraped", "one-range", "instant", "increase")) {
      Cost c = cost(http, url, PrometheusView.queries(windowMillis, FORMS.get(form)), at);
      out.printf(
          "| %s | %,d | %,d | %.3f | %,d | %s |%n",
          form, c.samples(), c.peak(), c.execSeconds(), c.answerBytes(), offBy(reference, c));
    }
  }

  private static String offBy(Cost reference, Cost c) {
    if (c.sums().equals(reference.sums())) {
      return "equal";
    }
    double worst = 0;
    for (Map.Entry<String, Double> e : reference.sums().entrySet()) {
      double got = c.sums().getOrDefault(e.getKey(), 0.0);
      worst = Math.max(worst, Math.abs(got - e.getValue()) / Math.max(1, e.getValue()));
    }
    return String.format("off by up to %.1f %%", 100 * worst);
  }

  static Cost cost(HttpClient http, URI url, List<String> queries, Instant at) throws Exception {
    long samples = 0;
    long peak = 0;
    double exec = 0;
    long bytes = 0;
    Map<String, Double> sums = new TreeMap<>();
    for (int q = 0; q < queries.size(); q++) {
      String form =
          "query="
              + URLEncoder.encode(queries.get(q), StandardCharsets.UTF_8)
              + "&time="
              + at.getEpochSecond()
              + "&stats=all";
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(url.resolve("/api/v1/query?" + form)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode data = MAPPER.readTree(answer.body()).path("data");
      if (answer.statusCode() != 200 || data.isMissingNode()) {
        throw new IllegalStateException(queries.get(q) + ": " + new String(answer.body()));
      }
      JsonNode stats = data.path("stats");
      samples += stats.path("samples").path("totalQueryableSamples").asLong();
      peak = Math.max(peak, stats.path("samples").path("peakSamples").asLong());
      exec += stats.path("timings").path("execTotalTime").asDouble();
      bytes += answer.body().length;
      for (JsonNode series : data.path("result")) {
        sums.merge(
            q + series.path("metric").toString(),
            Math.rint(series.path("value").get(1).asDouble()),
            Double::sum);
      }
    }
    return new Cost(samples, peak, exec, bytes, sums);
  }
}
