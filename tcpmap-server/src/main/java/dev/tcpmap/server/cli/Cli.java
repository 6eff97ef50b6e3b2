package dev.tcpmap.server.cli;

import dev.tcpmap.core.aggregate.Snapshot;
import dev.tcpmap.core.config.Settings;
import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.server.api.ApiConfig;
import dev.tcpmap.server.api.ApiServer;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** What the commands share: loading the configuration and serving a fixed result. */
final class Cli {
  private Cli() {}

  /** Loads the configuration and says which k8spacket variables it took values from. */
  static TcpmapConfig loadConfig(Context context, Map<String, String> options) {
    Settings.Loaded loaded = Settings.load(options, context.environment());
    for (String alias : loaded.aliasesUsed()) {
      context.err().println("tcpmap: using k8spacket setting " + alias);
    }
    return loaded.config();
  }

  /**
   * Serves the HTTP API on a fixed set of connections until the process is interrupted (or, in
   * tests, returns at once leaving the server to the caller's cleanup).
   */
  static void serve(
      Context context,
      TcpmapConfig config,
      List<Connection> connections,
      Map<String, Long> losses) {
    Snapshot snapshot = new Snapshot(connections, losses, Instant.now());
    ApiConfig api = ApiConfig.from(config);
    ApiServer server;
    try {
      server = ApiServer.start(api, () -> snapshot);
    } catch (UncheckedIOException e) {
      throw new UserError(
          e.getMessage()
              + "; choose another address or port with --bind/--port (api.bind/api.port)");
    }
    String base = "http://" + hostForUrl(config.apiBind()) + ":" + server.port();
    context.out().println("serving on " + base + " (Ctrl-C to stop)");
    context.out().println("  " + base + "/api/v1/graph");
    context.out().println("  " + base + "/api/v1/connections?limit=20");
    context.out().println("  " + base + "/nodegraph/api/graph/data?stats-type=bytes");
    context.out().flush();
    if (context.onServing() != null) {
      context.onServing().accept(server);
      return;
    }
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hostForUrl(String bind) {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "localhost";
    }
    return bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind;
  }
}
