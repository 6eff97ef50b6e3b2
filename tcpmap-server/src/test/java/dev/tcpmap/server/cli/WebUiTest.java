package dev.tcpmap.server.cli;

import static dev.tcpmap.server.cli.UiBrowser.andWait;
import static dev.tcpmap.server.cli.UiBrowser.apiEdgeId;
import static dev.tcpmap.server.cli.UiBrowser.apiEdgeIds;
import static dev.tcpmap.server.cli.UiBrowser.edgeIds;
import static dev.tcpmap.server.cli.UiBrowser.graph;
import static dev.tcpmap.server.cli.UiBrowser.nodeIds;
import static dev.tcpmap.server.cli.UiBrowser.open;
import static dev.tcpmap.server.cli.UiBrowser.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.wire.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The web UI in Debian's Chromium against {@code tcpmap analyze --serve} of the bundled demo
 * capture: what the page draws is what the API answers, in every mode and grouping, after filters
 * and a time range; a click opens the right details; the URL restores the view; the empty and
 * unreachable states show. No console error in any of it. Screenshots go to {@code
 * target/ui-screenshots}.
 */
class WebUiTest {
  @TempDir static Path dir;
  private static CliRun run;
  private static ApiServer server;
  private static String base;
  private static UiBrowser browser;

  @BeforeAll
  static void start() throws Exception {
    Path file = CliRun.demoCapture(dir);
    run = CliRun.run("analyze", "--serve", "--port", "0", "--no-progress", file.toString());
    server = run.server();
    base = "http://127.0.0.1:" + server.port();
    browser = new UiBrowser();
  }

  @AfterEach
  void noConsoleErrors() {
    browser.closePages();
    browser.assertNoConsoleErrors();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    run.closeServers();
  }

  private static JsonNode api(String pathAndQuery) throws Exception {
    return Json.mapper().readTree(CliRun.get(server, pathAndQuery).body());
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({
    "pod, connections",
    "pod, bytes",
    "pod, duration",
    "workload, connections",
    "namespace, bytes",
  })
  void map_drawsExactlyTheApiGraph(String group, String mode) throws Exception {
    Page page = browser.page();
    open(page, base + "/?group=" + group + "&mode=" + mode);

    JsonNode drawn = graph(page);
    JsonNode answer = api("/api/v1/graph?group=" + group);
    assertThat(nodeIds(drawn)).isNotEmpty().isEqualTo(nodeIds(answer));
    assertThat(edgeIds(drawn)).isNotEmpty().isEqualTo(apiEdgeIds(answer));
    assertThat(drawn.get("total").get("nodes").asInt()).isEqualTo(answer.get("nodes").size());
    Map<String, JsonNode> byId = new HashMap<>();
    drawn.get("edges").forEach(e -> byId.put(e.get("id").asText(), e));
    for (JsonNode e : answer.get("edges")) {
      JsonNode shown = byId.get(apiEdgeId(e));
      JsonNode o = e.get("outcomes");
      int failed = o.get("refused").asInt() + o.get("reset").asInt() + o.get("timeout").asInt();
      assertThat(shown.get("failing").asBoolean()).as(shown.toString()).isEqualTo(failed > 0);
      String label = shown.get("label").asText();
      switch (mode) {
        case "connections" -> assertThat(label).startsWith(e.get("connections").asInt() + " conn");
        case "bytes" -> assertThat(label).startsWith("↑").contains(" ↓");
        default -> assertThat(label).startsWith("avg ").contains(" · max ");
      }
      assertThat(label.contains("failed")).isEqualTo(failed > 0);
    }
    screenshot(page, "map-" + group + "-" + mode);
  }

  @Test
  void mode_changesWhatEdgesWeigh() throws Exception {
    Page page = browser.page();
    open(page, base + "/");
    JsonNode connections = graph(page);

    andWait(page, () -> page.keyboard().press("2"));
    JsonNode bytes = graph(page);

    assertThat(page.url()).contains("mode=bytes");
    assertThat(edgeIds(bytes)).isEqualTo(edgeIds(connections));
    assertThat(widths(bytes)).isNotEqualTo(widths(connections));
  }

  /** Each element as JSON, in order: what was drawn, whatever order it was added in. */
  private static List<String> sorted(JsonNode elements) {
    List<String> all = new ArrayList<>();
    elements.forEach(e -> all.add(e.toString()));
    return all.stream().sorted().toList();
  }

  private static Map<String, Double> widths(JsonNode graph) {
    Map<String, Double> widths = new HashMap<>();
    graph.get("edges").forEach(e -> widths.put(e.get("id").asText(), e.get("width").asDouble()));
    return widths;
  }

  @Test
  void clickOnAnEdge_opensItsDetailsWithItsConnections() throws Exception {
    JsonNode answer = api("/api/v1/graph");
    JsonNode failing = null;
    for (JsonNode e : answer.get("edges")) {
      if (e.get("outcomes").get("refused").asInt() > 0) {
        failing = e;
      }
    }
    assertThat(failing).as("the demo capture has a refused connection").isNotNull();
    String id = apiEdgeId(failing);
    Page page = browser.page();
    open(page, base + "/");

    UiBrowser.click(page, id);
    page.waitForFunction(
        "id => document.getElementById('details').dataset.loaded === 'edge:' + id", id);

    assertThat(page.locator("#details").getAttribute("data-id")).isEqualTo(id);
    assertThat(page.locator("#details tr[data-outcome=refused] td.num").first().textContent())
        .isEqualTo(failing.get("outcomes").get("refused").asText());
    JsonNode records =
        api(
            "/api/v1/connections?include="
                + q("^" + failing.get("client").asText().replace(".", "\\.") + "$"));
    long behind = 0;
    for (JsonNode r : records.get("connections")) {
      if (r.get("server").asText().equals(failing.get("server").asText())
          && r.get("serverPort").asInt() == failing.get("serverPort").asInt()
          && r.get("client").asText().equals(failing.get("client").asText())) {
        behind++;
      }
    }
    assertThat(page.locator("#details table.recent tr").count() - 1).isEqualTo(behind).isPositive();
    assertThat(page.url()).contains("sel=edge%3A");
    screenshot(page, "details-edge");

    page.keyboard().press("Escape");
    assertThat(page.locator("#details").isHidden()).isTrue();
  }

  @Test
  void clickOnANode_opensItsDetails() throws Exception {
    Page page = browser.page();
    open(page, base + "/");
    String id = "203.0.113.1";

    UiBrowser.click(page, id);
    page.waitForFunction(
        "id => document.getElementById('details').dataset.loaded === 'node:' + id", id);

    assertThat(page.locator("#details h2").textContent()).isEqualTo(id);
    assertThat(page.locator("#details tr[data-outcome=timeout] td.num").first().textContent())
        .isEqualTo("1");
    screenshot(page, "details-node");
  }

  @Test
  void filters_narrowTheMapAsTheApiDoes() throws Exception {
    Page page = browser.page();
    open(page, base + "/");

    page.locator("#include").fill("198\\.51\\.100\\.2");
    andWait(page, () -> page.locator("#include").press("Enter"));

    JsonNode answer = api("/api/v1/graph?include=" + q("198\\.51\\.100\\.2"));
    JsonNode drawn = graph(page);
    assertThat(edgeIds(drawn)).isEqualTo(apiEdgeIds(answer));
    assertThat(drawn.get("edges").size()).isLessThan(api("/api/v1/graph").get("edges").size());

    page.locator("#exclude").fill("192\\.0\\.2\\.5");
    andWait(page, () -> page.locator("#exclude").press("Enter"));
    JsonNode both =
        api(
            "/api/v1/graph?include="
                + q("198\\.51\\.100\\.2")
                + "&exclude="
                + q("192\\.0\\.2\\.5"));
    assertThat(edgeIds(graph(page))).isEqualTo(apiEdgeIds(both)).isNotEmpty();
    screenshot(page, "map-filtered");
  }

  @Test
  void filterBox_narrowsTheMapAsTheApiDoes_andItsErrorsAreShown() throws Exception {
    Page page = browser.page();
    open(page, base + "/");
    String expression = "outcome in [\"refused\", \"timeout\"] or dst.port == 5432";

    page.locator("#filter").fill(expression);
    andWait(page, () -> page.locator("#filter").press("Enter"));

    JsonNode answer = api("/api/v1/graph?filter=" + q(expression));
    assertThat(edgeIds(graph(page))).isNotEmpty().isEqualTo(apiEdgeIds(answer));
    assertThat(answer.get("edges").size()).isLessThan(api("/api/v1/graph").get("edges").size());
    assertThat(page.url()).contains("filter=");

    page.locator("#filter").fill("dst.prot == 5432");
    andWait(page, () -> page.locator("#filter").press("Enter"));
    assertThat(page.locator("body").getAttribute("data-state")).isEqualTo("error");
    assertThat(page.locator("#overlay").textContent()).contains("unknown field 'dst.prot'");
    browser.assertNoConsoleErrors(p -> p.contains("status of 400"));
  }

  @Test
  void timeRange_narrowsTheMapAsTheApiDoes() throws Exception {
    JsonNode all = api("/api/v1/connections?limit=100");
    Instant first =
        Instant.parse(
            all.get("connections").get(all.get("connections").size() - 1).get("start").asText());
    long from = first.toEpochMilli() + 8_000;
    long to = from + 5_000;
    Page page = browser.page();

    open(page, base + "/?range=custom&from=" + from + "&to=" + to);

    JsonNode answer = api("/api/v1/graph?from=" + from + "&to=" + to);
    JsonNode drawn = graph(page);
    assertThat(edgeIds(drawn)).isEqualTo(apiEdgeIds(answer));
    assertThat(nodeIds(drawn)).isEqualTo(nodeIds(answer));
    assertThat(drawn.get("edges").size())
        .isPositive()
        .isLessThan(api("/api/v1/graph").get("edges").size());
    assertThat(page.locator("#range").inputValue()).isEqualTo("custom");
    assertThat(page.locator("#custom-range").isVisible()).isTrue();
  }

  @Test
  void url_roundTripsTheView() throws Exception {
    Page page = browser.page();
    open(page, base + "/");
    andWait(page, () -> page.locator("#mode").selectOption("duration"));
    andWait(page, () -> page.locator("#group").selectOption("namespace"));
    page.locator("#search").fill("198.51");
    String edge = edgeIds(graph(page)).first();
    UiBrowser.click(page, edge);
    page.waitForFunction("() => document.getElementById('details').dataset.loaded");
    JsonNode before = graph(page);
    String url = page.url();

    Page again = browser.page();
    open(again, url);

    assertThat(again.locator("#mode").inputValue()).isEqualTo("duration");
    assertThat(again.locator("#group").inputValue()).isEqualTo("namespace");
    assertThat(again.locator("#search").inputValue()).isEqualTo("198.51");
    assertThat(again.locator("#details").getAttribute("data-id")).isEqualTo(edge);
    JsonNode after = graph(again);
    assertThat(edgeIds(after)).isEqualTo(edgeIds(before));
    assertThat(sorted(after.get("edges"))).isEqualTo(sorted(before.get("edges")));
    assertThat(again.locator("#map").evaluate("() => window.tcpmap.cy.nodes('.match').length"))
        .isEqualTo(page.locator("#map").evaluate("() => window.tcpmap.cy.nodes('.match').length"));
  }

  @Test
  void noMatch_showsTheEmptyState() throws Exception {
    Page page = browser.page();
    open(page, base + "/?include=no-such-thing");

    assertThat(page.locator("body").getAttribute("data-state")).isEqualTo("empty");
    assertThat(page.locator("#overlay").textContent()).contains("No connections match this view");
    assertThat(graph(page).get("nodes")).isEmpty();
    screenshot(page, "empty");
  }

  @Test
  void badRegex_saysWhatTheApiSaid() throws Exception {
    Page page = browser.page();
    open(page, base + "/?include=" + q("(unclosed"));

    assertThat(page.locator("body").getAttribute("data-state")).isEqualTo("error");
    assertThat(page.locator("#overlay").textContent()).contains("include");
    browser.assertNoConsoleErrors(p -> p.contains("status of 400"));
  }

  @Test
  void serverGone_showsApiUnreachable() throws Exception {
    Path file = CliRun.demoCapture(Files.createDirectories(dir.resolve("gone")));
    CliRun other =
        CliRun.run("analyze", "--serve", "--port", "0", "--no-progress", file.toString());
    ApiServer doomed = other.server();
    int port = doomed.port();
    Page page = browser.page();
    open(page, "http://127.0.0.1:" + port + "/");
    assertThat(page.locator("body").getAttribute("data-state")).isEqualTo("ready");

    other.closeServers();
    andWait(page, () -> page.keyboard().press("r"));

    assertThat(page.locator("body").getAttribute("data-state")).isEqualTo("unreachable");
    assertThat(page.locator("#overlay").textContent()).contains("API unreachable");
    screenshot(page, "unreachable");
    browser.assertNoConsoleErrors(p -> p.contains("ERR_CONNECTION_REFUSED"));
  }

  @Test
  void tlsView_andStatusView() throws Exception {
    Page page = browser.page();
    open(page, base + "/?view=tls");
    assertThat(page.locator("#tls-view h2").first().textContent()).startsWith("TLS handshakes: ");
    assertThat(page.locator("#map-view").isHidden()).isTrue();
    screenshot(page, "tls");

    andWait(page, () -> page.keyboard().press("s"));
    assertThat(page.url()).contains("view=status");
    assertThat(page.locator("#status-view h2").first().textContent())
        .isEqualTo("Serving a capture file");
    screenshot(page, "status");

    page.goBack();
    page.waitForFunction("() => !document.getElementById('tls-view').hidden");
  }

  @Test
  void search_highlightsAndFocusesMatches() throws Exception {
    Page page = browser.page();
    open(page, base + "/");

    page.keyboard().press("/");
    page.keyboard().type("203.0.113");
    page.keyboard().press("Enter");

    assertThat(
            page.locator("#map")
                .evaluate("() => window.tcpmap.cy.nodes('.match').map(n => n.id())")
                .toString())
        .isEqualTo("[203.0.113.1]");
    page.waitForFunction("() => document.getElementById('details').dataset.id === '203.0.113.1'");
    assertThat(page.url()).contains("q=203.0.113");
  }

  @Test
  void keys_switchModeGroupViewAndCloseDetails() throws Exception {
    Page page = browser.page();
    open(page, base + "/");

    for (String[] key : new String[][] {{"2", "bytes"}, {"3", "duration"}, {"1", "connections"}}) {
      andWait(page, () -> page.keyboard().press(key[0]));
      assertThat(page.locator("#mode").inputValue()).isEqualTo(key[1]);
      assertThat(graph(page).get("mode").asText()).isEqualTo(key[1]);
    }
    for (String group : List.of("workload", "namespace", "pod")) {
      andWait(page, () -> page.keyboard().press("g"));
      assertThat(graph(page).get("group").asText()).isEqualTo(group);
      assertThat(nodeIds(graph(page))).isEqualTo(nodeIds(api("/api/v1/graph?group=" + group)));
    }
    andWait(page, () -> page.keyboard().press("t"));
    assertThat(page.locator("#tls-view").isVisible()).isTrue();
    assertThat(page.url()).contains("view=tls");
    andWait(page, () -> page.keyboard().press("s"));
    assertThat(page.locator("#status-view").isVisible()).isTrue();
    andWait(page, () -> page.keyboard().press("m"));
    assertThat(page.locator("#map").isVisible()).isTrue();
    andWait(page, () -> page.keyboard().press("r"));

    // An edge's details, opened by its URL (a click can land on a node drawn over the edge).
    String edge = edgeIds(graph(page)).first();
    open(page, base + "/?sel=" + q("edge:" + edge));
    page.waitForFunction("() => document.getElementById('details').dataset.loaded");
    assertThat(page.locator("#details").isVisible()).isTrue();
    page.keyboard().press("Escape");
    page.waitForFunction("() => document.getElementById('details').hidden");
    assertThat(page.url()).doesNotContain("sel=");

    page.keyboard().press("/");
    assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("search");
    page.keyboard().press("2"); // typed into the search box, not a key of the page
    assertThat(page.locator("#mode").inputValue()).isEqualTo("connections");
    page.keyboard().press("Escape");
    assertThat(page.evaluate("() => document.activeElement.id")).isNotEqualTo("search");
  }

  @Test
  void fitKey_bringsEveryNodeIntoView() throws Exception {
    Page page = browser.page();
    open(page, base + "/");
    String allInView =
        """
        () => { const cy = window.tcpmap.cy; const e = cy.extent();
                return cy.nodes().every(n => { const p = n.position();
                  return p.x >= e.x1 && p.x <= e.x2 && p.y >= e.y1 && p.y <= e.y2; }); }""";
    page.evaluate("() => window.tcpmap.cy.zoom({ level: 20, position: { x: 0, y: 0 } })");
    assertThat(page.evaluate(allInView)).isEqualTo(false);

    page.keyboard().press("f");
    page.waitForFunction(allInView);
  }

  @Test
  void liveMode_refreshesWithoutMovingTheNodes() throws Exception {
    Page page = browser.page();
    open(page, base + "/");
    String positions =
        "() => JSON.stringify(window.tcpmap.cy.nodes().map(n => [n.id(), n.position()]))";
    Object placed = page.evaluate(positions);

    andWait(page, () -> page.keyboard().press("l"));
    assertThat(page.locator("#live").isChecked()).isTrue();
    assertThat(page.url()).contains("live=1");
    int loads = UiBrowser.loads(page);
    // Live mode asks again every 5 s by itself: two more answers, with no action of the test.
    page.waitForFunction(
        "n => Number(document.body.dataset.loads) >= n + 2",
        loads,
        new Page.WaitForFunctionOptions().setTimeout(30_000));
    assertThat(page.evaluate(positions)).isEqualTo(placed);
    assertThat(page.locator("#footer").textContent()).contains("· live");

    page.keyboard().press("l");
    assertThat(page.locator("#live").isChecked()).isFalse();
    assertThat(page.url()).doesNotContain("live=1");
  }
}
