package dev.tcpmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpmap.api.FixtureAgent;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dashboard the chart ships is valid JSON, and every query in it asks a running tcpmap API
 * for something it serves: the Node Graph API's query for each graph mode, each JSON API request
 * with every field's JSON path yielding values, each PromQL expression's metrics and labels in that
 * API's {@code /metrics} (with the families a live agent counts on its event path, fed the
 * fixture's connections). Checked against {@link LiveAgent}, not against a list.
 */
class DashboardsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");
  private static final Pattern METRIC = Pattern.compile("\\b((?:k8s_packet|tcpmap)_[a-z0-9_]+)");
  private static final Pattern SELECTOR =
      Pattern.compile("\\b((?:k8s_packet|tcpmap)_[a-z0-9_]+)\\{([^}]*)}");
  private static final Pattern MADE_LABEL = Pattern.compile("\\)\\s*,\\s*\"(\\w+)\"\\s*,");
  private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)");
  private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
  private static final Set<String> BUILT_IN =
      Set.of("__from", "__to", "__rate_interval", "__range", "__interval");

  static Stream<Path> dashboards() throws IOException {
    try (Stream<Path> files = Files.list(Chart.DIR.resolve("dashboards"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyQueryAsksForWhatARunningAgentServes(Path file) throws IOException {
    JsonNode dashboard = JSON.readTree(file.toFile());
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("title").asText()).startsWith("tcpmap");
    Map<String, List<String>> variables = variables(dashboard);
    List<String> problems = new ArrayList<>();
    int queries = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      String title = panel.path("title").asText();
      assertThat(panel.path("targets")).as(title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        String type = target.path("datasource").path("type").asText();
        queries++;
        switch (type) {
          case "hamedkarbasi93-nodegraphapi-datasource" ->
              nodeGraph(target, variables, title, problems);
          case "marcusolsson-json-datasource" -> jsonApi(target, variables, title, problems);
          case "prometheus" -> prometheus(target, title, problems);
          default -> problems.add(title + ": datasource type " + type);
        }
        usedVariables(target.toString())
            .forEach(
                v -> {
                  if (!variables.containsKey(v) && !BUILT_IN.contains(v)) {
                    problems.add(title + ": variable $" + v + " is not defined");
                  }
                });
      }
    }
    assertThat(queries).isPositive();
    assertThat(problems).as(file.getFileName().toString()).isEmpty();
  }

  private static void nodeGraph(
      JsonNode target, Map<String, List<String>> variables, String title, List<String> problems)
      throws IOException {
    for (String health : List.of("/nodegraph/api/health", "/nodegraph/api/graph/fields")) {
      expectOk(health, title, problems);
    }
    String query = target.path("queryText").asText();
    for (Map<String, String> values : combinations(variables, query)) {
      String path = "/nodegraph/api/graph/data?" + encodeQuery(substitute(query, values));
      HttpResponse<String> response = expectOk(path, title, problems);
      if (response != null) {
        JsonNode graph = JSON.readTree(response.body());
        if (graph.path("nodes").isEmpty() || graph.path("edges").isEmpty()) {
          problems.add(title + ": " + path + " drew no graph");
        }
      }
    }
  }

  private static void jsonApi(
      JsonNode target, Map<String, List<String>> variables, String title, List<String> problems)
      throws IOException {
    String urlPath = target.path("urlPath").asText();
    List<String[]> params = new ArrayList<>();
    target
        .path("params")
        .forEach(p -> params.add(new String[] {p.get(0).asText(), p.get(1).asText()}));
    for (Map<String, String> values : combinations(variables, target.toString())) {
      StringBuilder path = new StringBuilder(substitute(urlPath, values));
      String sep = "?";
      for (String[] p : params) {
        path.append(sep)
            .append(URLEncoder.encode(p[0], StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(substitute(p[1], values), StandardCharsets.UTF_8));
        sep = "&";
      }
      HttpResponse<String> response = expectOk(path.toString(), title, problems);
      if (response == null) {
        continue;
      }
      JsonNode body = JSON.readTree(response.body());
      for (JsonNode field : target.path("fields")) {
        String jsonPath = field.path("jsonPath").asText();
        List<JsonNode> found = JsonPaths.read(body, jsonPath);
        if (found.isEmpty() || found.stream().allMatch(JsonNode::isNull)) {
          problems.add(title + ": " + jsonPath + " finds nothing in " + path);
        }
      }
    }
  }

  private static void prometheus(JsonNode target, String title, List<String> problems) {
    String expr = target.path("expr").asText();
    Map<String, Set<String>> served = servedMetrics();
    Map<String, Set<String>> used = new LinkedHashMap<>();
    Matcher metric = METRIC.matcher(expr);
    while (metric.find()) {
      used.computeIfAbsent(metric.group(1), k -> new TreeSet<>());
    }
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      Matcher m = MATCHER.matcher(selector.group(2));
      while (m.find()) {
        used.get(selector.group(1)).add(m.group(1));
      }
    }
    Matcher by = BY.matcher(expr);
    while (by.find()) {
      for (String label : by.group(1).split(",")) {
        used.values().forEach(labels -> labels.add(label.strip()));
      }
    }
    // label_join and label_replace make a label (their first string argument, right after the
    // vector): a "by" over it asks nothing of the metric.
    Matcher made = MADE_LABEL.matcher(expr);
    while (made.find()) {
      String label = made.group(1);
      used.values().forEach(labels -> labels.remove(label));
    }
    if (used.isEmpty()) {
      problems.add(title + ": no tcpmap metric in " + expr);
    }
    used.forEach(
        (name, labels) -> {
          Set<String> servedLabels = served.get(name);
          if (servedLabels == null) {
            problems.add(title + ": " + name + " is not served");
          } else if (!servedLabels.containsAll(labels)) {
            problems.add(title + ": " + name + " has labels " + servedLabels + ", not " + labels);
          }
        });
  }

  /** Sample names in {@code /metrics} and the labels their samples carry. */
  private static Map<String, Set<String>> servedMetrics() {
    HttpResponse<String> response = LiveAgent.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Set<String>> out = new HashMap<>();
    Pattern label = Pattern.compile("(\\w+)=\"");
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
      Set<String> labels = out.computeIfAbsent(name, k -> new HashSet<>());
      if (brace >= 0 && brace < space) {
        Matcher m = label.matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          labels.add(m.group(1));
        }
      }
    }
    return out;
  }

  private static HttpResponse<String> expectOk(String path, String title, List<String> problems) {
    HttpResponse<String> response = LiveAgent.get(path);
    if (response.statusCode() != 200) {
      problems.add(title + ": GET " + path + " answered " + response.statusCode());
      return null;
    }
    return response;
  }

  /**
   * The dashboard's variables with the values to try: every option of a list, "" for a text box (no
   * filter), the fixture's first TLS connection for {@code id}, and Grafana's time range around the
   * fixture's records.
   */
  private static Map<String, List<String>> variables(JsonNode dashboard) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      String name = v.path("name").asText();
      List<String> values = new ArrayList<>();
      switch (v.path("type").asText()) {
        case "custom" -> v.path("options").forEach(o -> values.add(o.path("value").asText()));
        case "textbox" ->
            values.add(name.equals("id") ? firstTlsId() : v.path("current").path("value").asText());
        default -> values.add(v.path("current").path("value").asText());
      }
      out.put(name, values);
    }
    out.put("__from", List.of(String.valueOf(FixtureAgent.FROM.toEpochMilli())));
    out.put("__to", List.of(String.valueOf(FixtureAgent.TO.toEpochMilli())));
    out.put("__rate_interval", List.of("1m"));
    return out;
  }

  private static String firstTlsId() throws IOException {
    JsonNode list = JSON.readTree(LiveAgent.get("/tlsparser/api/data").body());
    assertThat(list).isNotEmpty();
    return list.get(0).path("id").asText();
  }

  /** One value set per option of each list variable {@code text} uses (each alone). */
  private static List<Map<String, String>> combinations(
      Map<String, List<String>> variables, String text) {
    Map<String, String> base = new HashMap<>();
    variables.forEach((k, v) -> base.put(k, v.getFirst()));
    List<Map<String, String>> out = new ArrayList<>(List.of(base));
    for (String used : usedVariables(text)) {
      for (String value : variables.getOrDefault(used, List.of()).stream().skip(1).toList()) {
        Map<String, String> one = new HashMap<>(base);
        one.put(used, value);
        out.add(one);
      }
    }
    return out;
  }

  private static Set<String> usedVariables(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  private static String substitute(String text, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(name, m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A query string as Grafana's plugin sends it: each value URL-encoded. */
  private static String encodeQuery(String query) {
    List<String> parts = new ArrayList<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      parts.add(
          kv[0] + "=" + URLEncoder.encode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    return String.join("&", parts);
  }
}
