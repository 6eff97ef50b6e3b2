package dev.tcpmap.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.metrics.PeerMetrics;
import dev.tcpmap.api.metrics.TlsMetrics;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.api.wire.K8spacketJson;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.service.LocalView;
import dev.tcpmap.query.service.QueryService;
import dev.tcpmap.query.service.RecordsView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP API: k8spacket's node-graph and TLS endpoints, tcpmap's {@code /api/v1} and {@code
 * /metrics}, on the JDK's HTTP server with one virtual thread per request. Every request reads one
 * snapshot from the supplier and never blocks the producer. With peers ({@link ApiConfig#peers()})
 * the graph and the TLS endpoints answer for the cluster through a {@link FanOut}.
 *
 * <p>All answers but {@code /metrics} are JSON (or empty) with {@code Access-Control-Allow-Origin:
 * *} so that Grafana (and a browser) may call it directly; an OPTIONS request to a known path is a
 * CORS preflight. Bodies are gzipped when the client accepts it. Errors are {@code {"error":
 * "..."}}: 400 for bad input, 404 for an unknown path, 405 for a method other than GET, HEAD or
 * OPTIONS, and 500 (one log line, no details in the answer) for anything unexpected.
 */
public final class ApiServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
  private static final Pattern HEADER_LIST = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~, -]{1,512}");
  private static final String DEFAULT_ALLOWED_HEADERS = "Accept, Accept-Encoding, Content-Type";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Router router;
  private final FanOut cluster;
  private final PrometheusRegistry registry;

  private ApiServer(
      HttpServer server,
      ExecutorService executor,
      Router router,
      FanOut cluster,
      PrometheusRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.router = router;
    this.cluster = cluster;
    this.registry = registry;
  }

  /**
   * Binds and starts serving a fixed or live snapshot's records (a capture file's result: windows
   * are the records' lifetimes), without {@code /api/v1/status}.
   *
   * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
   */
  public static ApiServer start(ApiConfig config, Supplier<Snapshot> data) {
    return start(config, new RecordsView(data, config.names(), config.persistentThreshold()), null);
  }

  /**
   * Binds and starts serving what {@code local} knows, with {@code /api/v1/status} when {@code
   * status} is not null (a live agent; a fixed result has no sources to report).
   *
   * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
   */
  public static ApiServer start(ApiConfig config, LocalView local, Supplier<Status> status) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(local, "local");
    PrometheusRegistry registry = new PrometheusRegistry();
    FanOut cluster =
        new FanOut(
            config.peers(), config.peerTimeout(), local, new PeerMetrics(registry), config.clock());
    QueryService queries =
        new QueryService(
            local,
            cluster,
            config.names(),
            config.resolver(),
            config.backends(),
            new QueryService.Options(config.defaultWindow(), config.clock()));
    Router router = new Router();
    K8spacketRoutes.register(router, queries);
    NativeRoutes.register(router, queries);
    TlsRoutes.register(router, queries);
    PeerRoutes.register(router, queries);
    registry.register(
        new TlsMetrics(local::snapshot, config.resolver(), TlsMetrics.DEFAULT_MAX_SERIES));
    MetricsRoute.register(router, registry);
    if (status != null) {
      StatusRoute.register(router, config.clock(), status);
    }
    HttpServer server;
    try {
      server = HttpServer.create(config.bind(), 0);
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(
          "cannot listen on " + config.bind() + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    ApiServer api = new ApiServer(server, executor, router, cluster, registry);
    server.createContext("/", api::handle);
    server.setExecutor(executor);
    server.start();
    return api;
  }

  /** The port listened on (the chosen one when configured with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The registry {@code /metrics} serves, holding the API's own metrics ({@code tcpmap_peer_*});
   * the agent registers its collectors here.
   */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Stops accepting requests, closes open exchanges and cancels requests to peers at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    cluster.close();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      // A browser's script may read only the headers it is told of: the missing peers are one.
      exchange
          .getResponseHeaders()
          .set("Access-Control-Expose-Headers", K8spacketJson.MISSING_PEERS);
      respond(exchange);
    } catch (IOException | UncheckedIOException e) {
      // The client went away mid-answer: nothing to tell it.
      LOG.log(System.Logger.Level.DEBUG, "writing a response failed: " + e.getMessage());
    }
  }

  /** The one place where exceptions become HTTP statuses. */
  private void respond(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    try {
      if (method.equals("OPTIONS")) {
        preflight(exchange, path);
        return;
      }
      Route route = router.find(method, path);
      Answer answer = route.handle(QueryParams.parse(exchange.getRequestURI().getRawQuery()));
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      switch (answer) {
        case Answer.JsonAnswer json -> send(exchange, 200, json.body());
        case Answer.TextAnswer text -> send(exchange, 200, text.contentType(), text.body());
      }
    } catch (QueryException e) {
      send(exchange, 400, error(e.getMessage()));
    } catch (ApiException e) {
      if (e.status() == 405) {
        exchange.getResponseHeaders().set("Allow", Router.ALLOWED_METHODS);
      }
      send(exchange, e.status(), error(e.getMessage()));
    } catch (RuntimeException e) {
      // One line for the operator; the stack trace only at DEBUG, never in the answer.
      LOG.log(System.Logger.Level.ERROR, "failed to answer " + method + " " + path + ": " + e);
      LOG.log(System.Logger.Level.DEBUG, "stack trace", e);
      send(exchange, 500, error("internal error"));
    }
  }

  private void preflight(HttpExchange exchange, String path) throws IOException {
    if (!router.knows(path)) {
      throw Router.notFound(path);
    }
    Headers headers = exchange.getResponseHeaders();
    String requested = exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers");
    boolean echo = requested != null && HEADER_LIST.matcher(requested).matches();
    headers.set("Access-Control-Allow-Methods", Router.ALLOWED_METHODS);
    headers.set("Access-Control-Allow-Headers", echo ? requested : DEFAULT_ALLOWED_HEADERS);
    headers.set("Access-Control-Max-Age", "86400");
    exchange.sendResponseHeaders(204, -1);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    send(exchange, status, "application/json", Json.mapper().writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    boolean head = exchange.getRequestMethod().equals("HEAD");
    byte[] bytes = body;
    headers.set("Content-Type", contentType);
    headers.set("Vary", "Accept-Encoding");
    if (acceptsGzip(exchange.getRequestHeaders())) {
      headers.set("Content-Encoding", "gzip");
      bytes = gzip(bytes);
    }
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static ObjectNode error(String message) {
    ObjectNode node = Json.object();
    node.put("error", message);
    return node;
  }

  /** Whether any Accept-Encoding header lists gzip with a non-zero quality. */
  static boolean acceptsGzip(Headers requestHeaders) {
    for (String header : requestHeaders.getOrDefault("Accept-Encoding", List.of())) {
      for (String coding : header.split(",")) {
        String[] parts = coding.trim().toLowerCase(Locale.ROOT).split(";");
        if (parts[0].trim().equals("gzip") && !zeroQuality(parts)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean zeroQuality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().replace(" ", "");
      if (p.matches("q=0(\\.0{0,3})?")) {
        return true;
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }
}
