package dev.tcpmap.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import dev.tcpmap.api.http.Asset;
import dev.tcpmap.api.http.StaticAssets;
import dev.tcpmap.api.http.WebJars;
import dev.tcpmap.api.wire.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The web UI in headless Chromium on synthetic {@code /api/v1/graph} answers of N pods and 2.5 N
 * edges (seeded): the time from navigation to an interactive map (the first frame after the page
 * drew the answer and placed every node), the longest task that blocked the page meanwhile, and the
 * cost of a live refresh (an answer with 1 % new nodes and changed numbers) from the request to its
 * frame. The page and its libraries come from the class path as tcpmap serves them; the API is
 * answered by route interception, so only the browser's work is measured.
 *
 * <pre>
 * bench/ui.sh [NODES...]     (default 200 2000 10000)
 * </pre>
 */
public final class UiBench {
  private static final String BASE = "http://tcpmap.bench";
  private static final int RUNS = 3;

  /**
   * {@code -Dui.profile=true}: the first run of each size prints where its JavaScript time went.
   */
  private static final boolean PROFILE = Boolean.getBoolean("ui.profile");

  private static final Set<String> TRACE = Set.of(System.getProperty("ui.trace", "").split(","));

  private UiBench() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        args.length == 0
            ? new int[] {200, 2_000, 10_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    StaticAssets ui = new StaticAssets(UiBench.class.getClassLoader(), "dev/tcpmap/ui");
    WebJars libs =
        new WebJars(
            UiBench.class.getClassLoader(),
            Set.of("cytoscape", "cytoscape-fcose", "cose-base", "layout-base"));
    try (Playwright playwright =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser =
            playwright
                .chromium()
                .launch(
                    new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium"))
                        .setHeadless(true))) {
      System.out.println(
          "nodes  edges  shown nodes/edges  interactive ms (median of 3, min-max)"
              + "  of which after the answer  longest task ms  refresh ms (median)");
      for (int nodes : sizes) {
        run(browser, ui, libs, nodes);
      }
    }
  }

  private static void run(Browser browser, StaticAssets ui, WebJars libs, int nodes)
      throws Exception {
    byte[] first = graph(nodes, 0).getBytes(StandardCharsets.UTF_8);
    byte[] second = graph(nodes, 1).getBytes(StandardCharsets.UTF_8);
    List<Double> interactive = new ArrayList<>();
    List<Double> longest = new ArrayList<>();
    List<Double> refresh = new ArrayList<>();
    List<Double> work = new ArrayList<>();
    String shown = "";
    for (int run = 0; run < RUNS; run++) {
      try (BrowserContext context =
          browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
        int[] graphCalls = {0};
        context.route(
            BASE + "/**",
            route -> answer(route, ui, libs, () -> graphCalls[0]++ == 0 ? first : second));
        Page page = context.newPage();
        page.addInitScript(
            "window.__longest = 0; new PerformanceObserver(l => l.getEntries().forEach(e =>"
                + " window.__longest = Math.max(window.__longest, e.duration)))"
                + ".observe({type: 'longtask', buffered: true});");
        CDPSession profiler = run == 0 && PROFILE ? startProfiler(page) : null;
        page.navigate(BASE + "/");
        page.waitForFunction(
            "() => window.tcpmap && window.tcpmap.loads() >= 1",
            null,
            new Page.WaitForFunctionOptions().setTimeout(120_000));
        if (profiler != null) {
          printProfile(nodes, profiler.send("Profiler.stop").getAsJsonObject("profile"));
        }
        interactive.add(
            number(
                page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => r(performance.now())))")));
        longest.add(number(page.evaluate("() => window.__longest")));
        work.add(
            interactive.getLast()
                - number(
                    page.evaluate(
                        "() => performance.getEntriesByName('tcpmap:answer')[0].startTime")));
        shown =
            page.evaluate(
                    "() => { const g = window.tcpmap.graph(); return g.nodes.length + '/' +"
                        + " g.edges.length; }")
                .toString();
        refresh.add(
            number(
                page.evaluate(
                    """
                    () => new Promise(done => {
                      const n = window.tcpmap.loads();
                      const t0 = performance.now();
                      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'r' }));
                      const check = () => window.tcpmap.loads() > n
                        ? requestAnimationFrame(() => done(performance.now() - t0))
                        : setTimeout(check, 2);
                      check();
                    })""")));
      }
    }
    System.out.printf(
        "%6d %6d %9s %12.0f (%.0f-%.0f) %12.0f %22.0f %20.0f%n",
        nodes,
        edges(nodes),
        shown,
        median(interactive),
        interactive.stream().mapToDouble(d -> d).min().orElseThrow(),
        interactive.stream().mapToDouble(d -> d).max().orElseThrow(),
        median(work),
        longest.stream().mapToDouble(d -> d).max().orElseThrow(),
        median(refresh));
  }

  private static CDPSession startProfiler(Page page) {
    CDPSession session = page.context().newCDPSession(page);
    session.send("Profiler.enable");
    JsonObject interval = new JsonObject();
    interval.addProperty("interval", 200);
    session.send("Profiler.setSamplingInterval", interval);
    session.send("Profiler.start");
    return session;
  }

  /** The JavaScript functions that took the CPU up to the first map, by self time, on stderr. */
  private static void printProfile(int nodes, JsonObject profile) {
    Map<String, Integer> hits = new HashMap<>();
    int total = 0;
    for (JsonElement element : profile.getAsJsonArray("nodes")) {
      JsonObject node = element.getAsJsonObject();
      JsonObject frame = node.getAsJsonObject("callFrame");
      String url = frame.get("url").getAsString();
      String name =
          (frame.get("functionName").getAsString().isEmpty()
                  ? "(anonymous)"
                  : frame.get("functionName").getAsString())
              + " "
              + url.substring(url.lastIndexOf('/') + 1)
              + ":"
              + (frame.get("lineNumber").getAsInt() + 1);
      int n = node.get("hitCount").getAsInt();
      hits.merge(name, n, Integer::sum);
      total += n;
    }
    int all = total;
    // Who calls the top functions: the sampled stacks' callers of each, a few levels up.
    Map<Integer, JsonObject> byId = new HashMap<>();
    Map<Integer, Integer> parent = new HashMap<>();
    for (JsonElement element : profile.getAsJsonArray("nodes")) {
      JsonObject node = element.getAsJsonObject();
      byId.put(node.get("id").getAsInt(), node);
      if (node.has("children")) {
        node.getAsJsonArray("children")
            .forEach(c -> parent.put(c.getAsInt(), node.get("id").getAsInt()));
      }
    }
    Map<String, Integer> callers = new HashMap<>();
    for (JsonObject node : byId.values()) {
      String name = node.getAsJsonObject("callFrame").get("functionName").getAsString();
      int n = node.get("hitCount").getAsInt();
      if (n == 0 || !TRACE.contains(name)) {
        continue;
      }
      StringBuilder chain = new StringBuilder(name);
      Integer up = parent.get(node.get("id").getAsInt());
      for (int depth = 0; depth < 6 && up != null; depth++, up = parent.get(up)) {
        JsonObject frame = byId.get(up).getAsJsonObject("callFrame");
        chain
            .append(" < ")
            .append(frame.get("functionName").getAsString())
            .append(':')
            .append(frame.get("lineNumber").getAsInt() + 1);
      }
      callers.merge(chain.toString(), n, Integer::sum);
    }
    callers.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(12)
        .forEach(
            e -> System.err.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
    System.err.printf("JavaScript self time up to the first map, %d nodes:%n", nodes);
    hits.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(25)
        .forEach(
            e -> System.err.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
  }

  private static void answer(Route route, StaticAssets ui, WebJars libs, Supplier<byte[]> graphs) {
    String path = URI.create(route.request().url()).getPath();
    if (path.equals("/api/v1/graph")) {
      fulfil(route, "application/json", graphs.get());
    } else if (path.equals("/api/v1/about")) {
      fulfil(route, "application/json", "{\"status\":false}".getBytes(StandardCharsets.UTF_8));
    } else {
      Optional<Asset> file =
          path.equals("/")
              ? ui.find("")
              : path.startsWith("/ui/lib/")
                  ? libs.find(path.substring("/ui/lib/".length()))
                  : ui.find(path.substring("/ui/".length()));
      if (file.isPresent()) {
        fulfil(route, file.get().contentType(), file.get().bytes());
      } else {
        route.fulfill(new Route.FulfillOptions().setStatus(404));
      }
    }
  }

  private static void fulfil(Route route, String type, byte[] body) {
    route.fulfill(
        new Route.FulfillOptions().setStatus(200).setContentType(type).setBodyBytes(body));
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  private static double median(List<Double> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  static int edges(int nodes) {
    return nodes * 5 / 2;
  }

  /**
   * A pod-level graph of {@code nodes} pods in 20 namespaces and 2.5 edges a node, each to a pod of
   * the same namespace four times in five; {@code round} 1 adds 1 % new pods and changes counts.
   */
  static String graph(int nodes, int round) {
    Random random = new Random(42);
    int total = nodes + round * nodes / 100;
    ObjectNode answer = Json.object();
    answer.putNull("from");
    answer.putNull("to");
    answer.put("asOf", "2026-12-07T12:00:00.000000Z");
    answer.putObject("losses");
    ArrayNode list = answer.putArray("nodes");
    for (int i = 0; i < total; i++) {
      ObjectNode n = list.addObject();
      n.put("id", ip(i));
      n.put("ip", ip(i));
      n.put("kind", "pod");
      n.put("name", "app-" + i);
      n.put("namespace", "ns-" + (i % 20));
      n.put("title", "pod.app-" + i);
    }
    ArrayNode edges = answer.putArray("edges");
    for (int i = 0; i < edges(total); i++) {
      int client = random.nextInt(total);
      int server =
          random.nextInt(5) == 0
              ? random.nextInt(total)
              : (client % 20 + 20 * random.nextInt(Math.max(1, total / 20))) % total;
      if (server == client) {
        server = (client + 20) % total;
      }
      ObjectNode e = edges.addObject();
      e.put("client", ip(client));
      e.put("clientName", "pod.app-" + client);
      e.put("server", ip(server));
      e.put("serverName", "pod.app-" + server);
      e.put("serverPort", 8000 + i % 7);
      int connections = 1 + random.nextInt(50) + round;
      e.put("connections", connections);
      ObjectNode o = e.putObject("outcomes");
      int refused = random.nextInt(20) == 0 ? 1 : 0;
      o.put("closed", connections - refused);
      o.put("reset", 0);
      o.put("refused", refused);
      o.put("timeout", 0);
      o.put("open", 0);
      o.put("unknown", 0);
      e.put("persistent", 0);
      e.put("bytesSent", random.nextInt(1_000_000));
      e.put("bytesReceived", random.nextInt(10_000_000));
      e.put("durationMsSum", connections * 12.5);
      e.put("durationMsMax", 40.0);
      e.put("firstSeen", "2026-12-07T11:00:00.000000Z");
      e.put("lastSeen", "2026-12-07T11:59:00.000000Z");
    }
    return answer.toString();
  }

  private static String ip(int i) {
    return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }
}
