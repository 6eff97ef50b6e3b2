package dev.tcpmap.api;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.http.HttpLimits;
import dev.tcpmap.api.http.HttpTransport;
import dev.tcpmap.api.http.StaticAssets;
import dev.tcpmap.api.metrics.AccessMetrics;
import dev.tcpmap.api.metrics.PeerMetrics;
import dev.tcpmap.api.metrics.TlsMetrics;
import dev.tcpmap.query.service.LocalView;
import dev.tcpmap.query.service.QueryService;
import dev.tcpmap.query.service.RecordsView;
import dev.tcpmap.query.service.Status;
import dev.tcpmap.query.service.WorkloadView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HTTP API: k8spacket's node-graph and TLS endpoints, tcpmap's {@code /api/v1} and {@code
 * /metrics}, the web UI's files under {@code /ui/}, on Jetty ({@link HttpTransport}, set up for a
 * hostile network by {@link HttpLimits}) with one virtual thread per request. Every request reads
 * one snapshot from the supplier and never blocks the producer. With peers ({@link
 * ApiConfig#peers()}) the graph and the TLS endpoints answer for the cluster through a {@link
 * FanOut}.
 *
 * <p>Who may ask is {@link ApiConfig#access()}'s: by default no other site's page may read the
 * answers (no CORS), a loopback-bound API answers only requests naming it in {@code Host} (against
 * DNS rebinding), and no token is needed; with a token file every request but the probes carries
 * it, and with TLS files the API serves HTTPS and calls its peers over HTTPS ({@link Access}). All
 * answers but {@code /metrics} are JSON (or empty). Bodies are gzipped when the client accepts it.
 * Errors are {@code {"error": "..."}}: 400 for bad input, 404 for an unknown path, 405 for a method
 * other than GET, HEAD or OPTIONS, and 500 (one log line, no details in the answer) for anything
 * unexpected ({@link ApiHandler}); what Jetty refuses by itself (a malformed or oversized request,
 * 400, 408, 414, 431, 505) has the same form.
 */
public final class ApiServer implements AutoCloseable {
  private final HttpTransport transport;

  /** The fan-out to peer agents; null in the Prometheus query mode, which has none. */
  private final FanOut cluster;

  private final PrometheusRegistry registry;

  private ApiServer(HttpTransport transport, FanOut cluster, PrometheusRegistry registry) {
    this.transport = transport;
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
   * @throws dev.tcpmap.core.config.ConfigException when the token or TLS files are unusable
   */
  public static ApiServer start(ApiConfig config, LocalView local, Supplier<Status> status) {
    return start(
        config,
        local,
        status,
        HttpLimits.DEFAULTS,
        new StaticAssets(ApiServer.class.getClassLoader(), UiRoute.RESOURCES));
  }

  /**
   * As {@link #start(ApiConfig, LocalView, Supplier)}, within other limits (tests wait less) and
   * with the UI's files from elsewhere.
   */
  static ApiServer start(
      ApiConfig config,
      LocalView local,
      Supplier<Status> status,
      HttpLimits limits,
      StaticAssets ui) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(local, "local");
    PrometheusRegistry registry = new PrometheusRegistry();
    AccessMetrics refusals = new AccessMetrics(registry);
    Access access = Access.load(config.access(), config.bind(), refusals);
    FanOut cluster =
        new FanOut(
            config.peers(),
            config.peerTimeout(),
            local,
            new PeerMetrics(registry),
            config.clock(),
            access.peers());
    QueryService queries =
        new QueryService(
            local,
            cluster,
            config.names(),
            config.resolver(),
            config.backends(),
            new QueryService.Options(
                config.defaultWindow(), config.clock(), config.persistentThreshold()));
    if (status == null) {
      // A fixed result's TLS metrics are its totals; a live agent counts them on its event path
      // (EventMetrics), registered by the agent.
      registry.register(
          new TlsMetrics(local::snapshot, config.resolver(), TlsMetrics.DEFAULT_MAX_SERIES));
    }
    return serve(
        config,
        queries,
        status,
        limits,
        ui,
        registry,
        access,
        refusals,
        cluster,
        UiRoute.ALL_GROUPS);
  }

  /**
   * Binds and starts serving the graph from workload series ({@code tcpmap query}): the graph
   * endpoints at workload and namespace level; what the series cannot know answers 501.
   *
   * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
   * @throws dev.tcpmap.core.config.ConfigException when the token or TLS files are unusable
   */
  public static ApiServer start(ApiConfig config, WorkloadView workloads) {
    PrometheusRegistry registry = new PrometheusRegistry();
    AccessMetrics refusals = new AccessMetrics(registry);
    Access access = Access.load(config.access(), config.bind(), refusals);
    QueryService queries =
        QueryService.ofWorkloads(
            workloads,
            new QueryService.Options(
                config.defaultWindow(), config.clock(), config.persistentThreshold()));
    return serve(
        config,
        queries,
        null,
        HttpLimits.DEFAULTS,
        new StaticAssets(ApiServer.class.getClassLoader(), UiRoute.RESOURCES),
        registry,
        access,
        refusals,
        null,
        List.of("workload", "namespace"));
  }

  private static ApiServer serve(
      ApiConfig config,
      QueryService queries,
      Supplier<Status> status,
      HttpLimits limits,
      StaticAssets ui,
      PrometheusRegistry registry,
      Access access,
      AccessMetrics refusals,
      FanOut cluster,
      List<String> groups) {
    Router router = new Router();
    K8spacketRoutes.register(router, queries);
    NativeRoutes.register(router, queries);
    TlsRoutes.register(router, queries);
    PeerRoutes.register(router, queries);
    MetricsRoute.register(router, registry);
    if (status != null) {
      StatusRoute.register(router, config.clock(), status);
    }
    ProbeRoutes.register(router, status);
    UiRoute.register(router, ui, status != null, groups);
    HttpTransport transport;
    try {
      transport =
          HttpTransport.start(
              config.bind(),
              limits,
              new ApiHandler(router, access.guard(), access.cors(), refusals),
              access.cors(),
              access.tls());
    } catch (UncheckedIOException e) {
      if (cluster != null) {
        cluster.close();
      }
      throw new UncheckedIOException(
          "cannot listen on " + config.bind() + ": " + e.getMessage(), e.getCause());
    }
    return new ApiServer(transport, cluster, registry);
  }

  /**
   * Reads and checks the files of {@code config}'s access (token, TLS) as starting would, so that a
   * command can fail before long work rather than after it.
   *
   * @throws dev.tcpmap.core.config.ConfigException naming the key and what is wrong with its file
   */
  public static void checkAccess(ApiConfig config) {
    Access.load(config.access(), config.bind(), new AccessMetrics(new PrometheusRegistry()));
  }

  /** The port listened on (the chosen one when configured with port 0). */
  public int port() {
    return transport.port();
  }

  /**
   * The registry {@code /metrics} serves, holding the API's own metrics ({@code tcpmap_peer_*});
   * the agent registers its collectors here.
   */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Stops accepting requests, closes open connections and cancels requests to peers at once. */
  @Override
  public void close() {
    transport.close();
    if (cluster != null) {
      cluster.close();
    }
  }
}
