package dev.tcpmap.server.cli;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.api.metrics.PrometheusSettings;
import dev.tcpmap.api.metrics.PrometheusView;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.config.Setting;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tcpmap query --prometheus URL}: serves the graph endpoints from the agents' workload
 * series in a Prometheus-compatible API, for clusters too large for a fan-out to every agent and
 * for history kept in Prometheus, Mimir or Thanos. Observes nothing itself.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    header = "Serves the graph from the agents' series in Prometheus (no fan-out to agents).",
    usageHelpWidth = 100,
    description = {
      "Answers /api/v1/graph (group=workload or namespace), k8spacket's",
      "/nodegraph/api/graph/data and the web UI from the agents' tcpmap_* workload series in a",
      "Prometheus-compatible API (Prometheus, Mimir, Thanos, VictoriaMetrics), by PromQL for the",
      "window asked for. What workload series cannot know (pods, addresses, single connections,",
      "TLS handshakes) is answered 501. SIGTERM or Ctrl-C stops."
    })
final class QueryCommand implements Callable<Integer> {
  static final List<Setting<?>> OPTIONS = SettingOptions.serving(PrometheusSettings.URL);

  private final Context context;

  @Spec private CommandSpec spec;

  QueryCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Cli.Loaded loaded = Cli.load(context, SettingOptions.values(spec, OPTIONS), true);
    Configuration config = loaded.config();
    Context out = loaded.context();
    PrometheusSettings.Config prometheus = config.get(PrometheusSettings.AREA);
    URI url =
        prometheus
            .url()
            .orElseThrow(
                () ->
                    new UserError(
                        PrometheusSettings.URL.key()
                            + ": the query mode needs the Prometheus API to ask (--prometheus URL)"));
    PrometheusView view;
    try {
      view =
          new PrometheusView(
              prometheus, config.get(AggregateSettings.AREA).persistent(), InstantSource.system());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    ApiServer server;
    try {
      server = ApiServer.start(Cli.apiConfig(config), view);
    } catch (UncheckedIOException e) {
      view.close();
      throw new UserError(e.getMessage() + "; choose another address or port with --bind/--port");
    }
    view.register(server.registry());
    JvmMetrics.builder().register(server.registry());
    out.out().println("tcpmap query: the graph from " + url);
    context
        .onShutdown()
        .accept(
            () -> {
              server.close();
              view.close();
            });
    Cli.printUrls(out, config.get(ApiSettings.AREA), server, "/api/v1/graph?group=workload");
    if (context.onServing() != null) {
      context.onServing().accept(server);
      return 0;
    }
    Cli.waitForever();
    return 0;
  }
}
