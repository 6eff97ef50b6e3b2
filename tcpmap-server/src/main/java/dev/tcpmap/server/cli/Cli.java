package dev.tcpmap.server.cli;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.ApiConfig;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.enrich.AddressNames;
import dev.tcpmap.enrich.AddressNamesResolver;
import dev.tcpmap.enrich.NamesSettings;
import dev.tcpmap.query.service.LocalView;
import dev.tcpmap.query.service.RecordsView;
import dev.tcpmap.query.service.Status;
import dev.tcpmap.server.agent.FileAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** What the commands share: loading the configuration and serving a fixed result. */
final class Cli {
  private Cli() {}

  /**
   * A command's configuration, and its context with logging set up as {@code log.*} says.
   *
   * @param config every area's keys
   * @param context the command's context, its log lines in the configured format
   */
  record Loaded(Configuration config, Context context) {}

  /**
   * Loads the configuration, sets up logging, and says which k8spacket variables it took values
   * from. A {@code daemon}'s standard output is a log too (see {@link Logs}).
   */
  static Loaded load(Context context, Map<String, String> options, boolean daemon) {
    Configuration config = Configuration.load(ConfigTable.AREAS, options, context.environment());
    Context logging = Logs.apply(context, config.get(LogSettings.AREA), daemon);
    for (String alias : config.aliasesUsed()) {
      logging.err().println("tcpmap: using k8spacket setting " + alias);
    }
    return new Loaded(config, logging);
  }

  /** The HTTP API as {@code api.*} and {@code tcp.persistent-duration} set it up. */
  static ApiConfig apiConfig(Configuration config) {
    return ApiConfig.from(
        config.get(ApiSettings.AREA), config.get(AggregateSettings.AREA).persistent());
  }

  /**
   * Serves the HTTP API on a fixed result (a capture file's) until the process is interrupted (or,
   * in tests, returns at once leaving the server to the caller's cleanup).
   */
  static void serve(Context context, Configuration config, FileAnalysis analysis) {
    Snapshot snapshot = analysis.snapshot();
    Optional<AddressNames> lookups =
        AddressNames.start(config.get(NamesSettings.AREA).forCaptureFile(), InstantSource.system());
    lookups.ifPresent(n -> context.onShutdown().accept(n::stop));
    Resolver resolver =
        lookups
            .<Resolver>map(n -> AddressNamesResolver.over(Resolver.IP_ONLY, n))
            .orElse(Resolver.IP_ONLY);
    ApiConfig api =
        apiConfig(config).withResolver(resolver).withNames(analysis.traffic().over(resolver));
    ApiServer server =
        startApi(
            api, new RecordsView(() -> snapshot, api.names(), api.persistentThreshold()), null);
    lookups.ifPresent(n -> n.register(server.registry()));
    printUrls(context, config.get(ApiSettings.AREA), server, "");
    if (context.onServing() != null) {
      context.onServing().accept(server);
      return;
    }
    context.onShutdown().accept(server::close);
    waitForever();
  }

  /** Blocks the main thread; the process ends through its shutdown hooks (Ctrl-C, SIGTERM). */
  static void waitForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Fails as starting the API would if its address is taken or cannot be bound; the port is free
   * again when this returns (another program may still take it before the API starts).
   */
  static void checkPortFree(ApiSettings.Config config) {
    if (config.port() == 0) {
      return;
    }
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(config.bind(), config.port()));
    } catch (IOException e) {
      throw new UserError(
          "cannot serve on "
              + hostForUrl(config.bind())
              + ":"
              + config.port()
              + ": "
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + PORT_HINT);
    }
  }

  private static final String PORT_HINT =
      "; choose another address or port with --bind/--port (api.bind/api.port)";

  /** Starts the HTTP API, turning a taken port into a user error that names the options. */
  static ApiServer startApi(ApiConfig api, LocalView local, Supplier<Status> status) {
    try {
      return ApiServer.start(api, local, status);
    } catch (UncheckedIOException e) {
      throw new UserError(e.getMessage() + PORT_HINT);
    }
  }

  /** Says where the API is. */
  static void printUrls(
      Context context, ApiSettings.Config config, ApiServer server, String extra) {
    String scheme = config.tlsCertFile().isEmpty() ? "http://" : "https://";
    String base = scheme + hostForUrl(config.bind()) + ":" + server.port();
    context.out().println("serving on " + base + " (Ctrl-C to stop)");
    context.out().println("  " + base + "/  the web UI: open it in a browser");
    context.out().println("  " + base + "/api/v1/graph");
    context.out().println("  " + base + "/api/v1/connections?limit=20");
    if (!extra.isEmpty()) {
      context.out().println("  " + base + extra);
    }
    context.out().println("  " + base + "/nodegraph/api/graph/data?stats-type=bytes");
    context.out().flush();
  }

  private static String hostForUrl(String bind) {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "localhost";
    }
    return bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind;
  }
}
