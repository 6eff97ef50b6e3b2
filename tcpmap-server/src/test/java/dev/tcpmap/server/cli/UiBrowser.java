package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Debian's Chromium driven by Playwright (no browser download), for the web UI's tests: one browser
 * per test class, a fresh context (storage, cache) per page. Every console error or warning and
 * every uncaught page error is kept, and {@link #assertNoConsoleErrors} fails on any but those a
 * test expects.
 */
final class UiBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  private static final int STILL_ATTEMPTS = 20;

  private final Playwright playwright;
  private final Browser browser;
  private final List<String> problems = new ArrayList<>();
  private final List<BrowserContext> contexts = new ArrayList<>();

  UiBrowser() {
    assertThat(CHROMIUM).as("chromium (./run-tests installs it)").exists();
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true));
  }

  /** A new page in a context of its own, 1400×900 (a laptop's screen). */
  Page page() {
    BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900));
    contexts.add(context);
    Page page = context.newPage();
    page.onConsoleMessage(
        message -> {
          if (message.type().equals("error") || message.type().equals("warning")) {
            synchronized (problems) {
              problems.add(message.type() + ": " + message.text() + " at " + message.location());
            }
          }
        });
    page.onPageError(
        error -> {
          synchronized (problems) {
            problems.add("page error: " + error);
          }
        });
    return page;
  }

  /** Opens {@code url} and waits for its first answer to be shown. */
  static void open(Page page, String url) {
    page.navigate(url);
    page.waitForFunction("() => Number(document.body.dataset.loads || 0) >= 1");
  }

  /** Does {@code action} and waits for the page to have shown the next answer. */
  static void andWait(Page page, Runnable action) {
    int before = loads(page);
    action.run();
    page.waitForFunction("n => Number(document.body.dataset.loads || 0) > n", before);
  }

  static int loads(Page page) {
    return ((Number) page.evaluate("() => Number(document.body.dataset.loads || 0)")).intValue();
  }

  /** What the page drew: {@code window.tcpmap.graph()}. */
  static JsonNode graph(Page page) throws Exception {
    return Json.mapper()
        .readTree((String) page.evaluate("() => JSON.stringify(window.tcpmap.graph())"));
  }

  /** Node ids of a drawn graph or of an /api/v1/graph answer, sorted. */
  static TreeSet<String> nodeIds(JsonNode graph) {
    return ids(graph.get("nodes"), n -> n.get("id").asText());
  }

  /** Edges of a drawn graph as {@code client→server:port|clientName|serverName}, sorted. */
  static TreeSet<String> edgeIds(JsonNode graph) {
    return ids(graph.get("edges"), e -> e.get("id").asText());
  }

  /** Edges of an /api/v1/graph answer, named as the page names them. */
  static TreeSet<String> apiEdgeIds(JsonNode answer) {
    return ids(answer.get("edges"), UiBrowser::apiEdgeId);
  }

  private static TreeSet<String> ids(JsonNode list, Function<JsonNode, String> id) {
    TreeSet<String> ids = new TreeSet<>();
    list.forEach(element -> ids.add(id.apply(element)));
    return ids;
  }

  static String apiEdgeId(JsonNode e) {
    String client = e.has("clientId") ? e.get("clientId").asText() : e.get("client").asText();
    String server = e.has("serverId") ? e.get("serverId").asText() : e.get("server").asText();
    return client
        + "→"
        + server
        + ":"
        + e.get("serverPort").asInt()
        + "|"
        + e.path("clientName").asText("")
        + "|"
        + e.path("serverName").asText("");
  }

  /**
   * Opens {@code pageUrl} until the API's answer at {@code apiPath} stood still while the page
   * asked (the host is shared: other traffic may change it between two answers), then asserts the
   * page drew exactly that answer's nodes and edges. Returns the drawn graph.
   */
  static JsonNode drawsWhatTheApiAnswers(
      Page page, ApiServer server, String pageUrl, String apiPath) throws Exception {
    JsonNode drawn = null;
    JsonNode before = null;
    for (int attempt = 0; attempt < STILL_ATTEMPTS; attempt++) {
      before = ApiPolls.json(server, apiPath);
      open(page, pageUrl);
      drawn = graph(page);
      if (apiEdgeIds(before).equals(apiEdgeIds(ApiPolls.json(server, apiPath)))) {
        break; // nothing changed while the page asked: it must show just that
      }
      Thread.sleep(1_000);
    }
    assertThat(edgeIds(drawn)).isEqualTo(apiEdgeIds(before));
    assertThat(nodeIds(drawn)).isEqualTo(nodeIds(before));
    return drawn;
  }

  /** Clicks the drawn element {@code id} where it is on the screen. */
  static void click(Page page, String id) {
    @SuppressWarnings("unchecked")
    Map<String, Number> at =
        (Map<String, Number>)
            page.evaluate(
                """
                id => {
                  const el = window.tcpmap.cy.getElementById(id);
                  const box = document.getElementById('map').getBoundingClientRect();
                  const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
                  return { x: box.left + p.x, y: box.top + p.y };
                }""",
                id);
    page.mouse().click(at.get("x").doubleValue(), at.get("y").doubleValue());
  }

  static void screenshot(Page page, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  /** Fails with every console error, warning and page error not accepted by {@code expected}. */
  void assertNoConsoleErrors(Predicate<String> expected) {
    synchronized (problems) {
      List<String> unexpected = problems.stream().filter(expected.negate()).toList();
      problems.clear();
      assertThat(unexpected).as("console errors and warnings").isEmpty();
    }
  }

  void assertNoConsoleErrors() {
    assertNoConsoleErrors(p -> false);
  }

  /** Closes the pages of the test that ended (the browser stays for the next test). */
  void closePages() {
    contexts.forEach(BrowserContext::close);
    contexts.clear();
  }

  @Override
  public void close() {
    closePages();
    browser.close();
    playwright.close();
  }
}
