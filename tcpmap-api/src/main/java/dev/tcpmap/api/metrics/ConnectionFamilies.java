package dev.tcpmap.api.metrics;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.query.EndpointNames;
import dev.tcpmap.query.edges.Grouping;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What closed connections add to {@code /metrics}, observed once each as its record is named:
 *
 * <ul>
 *   <li>k8spacket's summaries {@code k8s_packet_bytes_sent}, {@code k8s_packet_bytes_received} and
 *       {@code k8s_packet_duration_seconds} ({@code _sum}, {@code _count}) with its labels {@code
 *       ns, src, src_name, src_port, dst, dst_name, dst_port, persistent}: {@code ns} is the
 *       client's namespace, names are display names ({@code pod.web-1}), {@code src_port} is {@code
 *       dynamic} when hidden, and durations are seconds (k8spacket records milliseconds there);
 *   <li>tcpmap's workload families, labelled {@code client_namespace, client_workload,
 *       server_namespace, server_workload, server_port, outcome} with the names of the graph's
 *       {@code workload} grouping ({@code Deployment/web}, {@code svc.api}, an external end's name
 *       with {@code server_namespace=""}): {@code tcpmap_connections_total}, {@code
 *       tcpmap_bytes_total} (plus {@code direction}: {@code sent} client to server, {@code
 *       received} back), {@code tcpmap_connection_duration_seconds} (a histogram), and where the
 *       source knows the socket, {@code tcpmap_retransmits_total} and {@code tcpmap_rtt_seconds}.
 * </ul>
 *
 * Each family holds at most {@code maxSeries} series ({@code direction}, buckets, {@code _count}
 * and {@code _sum} included) and an {@code other} fold ({@link SeriesCap}). Not thread-safe to
 * observe (the event path's one writer); scrapes read the client_java metrics, which are.
 */
final class ConnectionFamilies {
  private static final String[] K8SPACKET_LABELS = {
    "ns", "src", "src_name", "src_port", "dst", "dst_name", "dst_port", "persistent"
  };
  private static final String[] WORKLOAD_LABELS = {
    "client_namespace",
    "client_workload",
    "server_namespace",
    "server_workload",
    "server_port",
    "outcome"
  };
  static final double[] DURATION_BOUNDS = {
    0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600
  };
  private static final double[] RTT_BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1
  };

  private final MetricsSettings.Config config;
  private final Duration persistent;
  private final List<Capped<Summary>> k8spacket = new ArrayList<>();
  private final Capped<Counter> connections;
  private final Capped<Counter> bytes;
  private final Capped<Histogram> durations;
  private final Capped<Counter> retransmits;
  private final Capped<Histogram> rtt;

  /** A family and its cap. */
  private record Capped<M>(M metric, SeriesCap cap) {}

  ConnectionFamilies(MetricsSettings.Config config, Duration persistent, Counter folded) {
    this.config = config;
    this.persistent = persistent;
    if (config.tcp()) {
      k8spacket.add(summary("k8s_packet_bytes_sent", "Bytes sent by the client", folded));
      k8spacket.add(summary("k8s_packet_bytes_received", "Bytes sent back by the server", folded));
      k8spacket.add(
          summary("k8s_packet_duration_seconds", "Connection durations in seconds", folded));
    }
    connections =
        workload(
            Counter.builder()
                .name("tcpmap_connections_total")
                .help("Connections ended, by workload edge and outcome")
                .labelNames(WORKLOAD_LABELS)
                .withoutExemplars()
                .build(),
            "tcpmap_connections_total",
            1,
            folded);
    bytes =
        workload(
            Counter.builder()
                .name("tcpmap_bytes_total")
                .help("TCP payload bytes of ended connections, by workload edge and direction")
                .labelNames(append(WORKLOAD_LABELS, "direction"))
                .withoutExemplars()
                .build(),
            "tcpmap_bytes_total",
            2,
            folded);
    durations =
        workload(
            histogram(
                "tcpmap_connection_duration_seconds",
                "Durations of ended connections",
                DURATION_BOUNDS),
            "tcpmap_connection_duration_seconds",
            histogramSeries(DURATION_BOUNDS),
            folded);
    retransmits =
        workload(
            Counter.builder()
                .name("tcpmap_retransmits_total")
                .help("Segments retransmitted by the observed socket (live socket tracer only)")
                .labelNames(WORKLOAD_LABELS)
                .withoutExemplars()
                .build(),
            "tcpmap_retransmits_total",
            1,
            folded);
    rtt =
        workload(
            histogram(
                "tcpmap_rtt_seconds",
                "Smoothed round-trip time at close (live socket tracer only)",
                RTT_BOUNDS),
            "tcpmap_rtt_seconds",
            histogramSeries(RTT_BOUNDS),
            folded);
  }

  void register(PrometheusRegistry registry) {
    k8spacket.forEach(c -> registry.register(c.metric()));
    registry.register(connections.metric());
    registry.register(bytes.metric());
    registry.register(durations.metric());
    registry.register(retransmits.metric());
    registry.register(rtt.metric());
  }

  /** Counts one closed connection, named. */
  void closed(ConnectionRecord record) {
    Connection c = record.connection();
    double seconds = c.duration().toNanos() / 1e9;
    if (!k8spacket.isEmpty()) {
      List<String> labels = k8spacketLabels(record);
      observe(k8spacket.get(0), labels, c.bytesSent());
      observe(k8spacket.get(1), labels, c.bytesReceived());
      observe(k8spacket.get(2), labels, seconds);
    }
    List<String> edge = workloadLabels(record);
    if (countedHere(record)) {
      connections.metric().labelValues(values(connections.cap().admit(edge))).inc();
      String[] kept = values(bytes.cap().admit(edge));
      bytes.metric().labelValues(append(kept, "sent")).inc(c.bytesSent());
      bytes.metric().labelValues(append(kept, "received")).inc(c.bytesReceived());
      durations.metric().labelValues(values(durations.cap().admit(edge))).observe(seconds);
    }
    SocketDetails details = c.details();
    if (!details.equals(SocketDetails.NONE)) {
      retransmits
          .metric()
          .labelValues(values(retransmits.cap().admit(edge)))
          .inc(details.retransmits());
      if (details.srttMicros() > 0) {
        rtt.metric().labelValues(values(rtt.cap().admit(edge))).observe(details.srttMicros() / 1e6);
      }
    }
  }

  /**
   * Whether this agent's connection, byte and duration families count {@code record} (a socket's
   * retransmits and RTT are its own, on either side), so that the sum of all agents' series counts
   * each connection once, as the cluster graph's merge does (docs/kubernetes.md): a connection
   * between two nodes is observed by both agents; the client's agent counts it (the client's socket
   * is on its node; so is a connection within one host), the server's only when no agent observes
   * the client (an address outside the cluster, neither a pod nor a node).
   */
  private static boolean countedHere(ConnectionRecord record) {
    Endpoint.Kind client = record.client().kind();
    return Side.of(record.connection()) == Side.CLIENT
        || (client != Endpoint.Kind.POD && client != Endpoint.Kind.NODE);
  }

  private static void observe(Capped<Summary> family, List<String> labels, double value) {
    family.metric().labelValues(values(family.cap().admit(labels))).observe(value);
  }

  private List<String> k8spacketLabels(ConnectionRecord record) {
    Connection c = record.connection();
    boolean persistentConnection = c.duration().compareTo(persistent) >= 0;
    return List.of(
        record.client().namespace(),
        c.client().toString(),
        EndpointNames.title(record.client()),
        config.hideSourcePort() ? "dynamic" : Integer.toString(c.clientPort()),
        c.server().toString(),
        EndpointNames.title(record.server()),
        Integer.toString(c.serverPort()),
        Boolean.toString(persistentConnection));
  }

  private static List<String> workloadLabels(ConnectionRecord record) {
    Endpoint client = record.client();
    Endpoint server = record.server();
    return List.of(
        client.namespace(),
        Grouping.WORKLOAD.nodeOf(client).title(),
        server.namespace(),
        Grouping.WORKLOAD.nodeOf(server).title(),
        Integer.toString(record.connection().serverPort()),
        record.connection().outcome().wireName());
  }

  private Capped<Summary> summary(String name, String help, Counter folded) {
    Summary summary =
        Summary.builder()
            .name(name)
            .help(help + " (k8spacket's summary, observed when a connection ends)")
            .labelNames(K8SPACKET_LABELS)
            .withoutExemplars()
            .build();
    // The fold keeps only whether it was persistent: everything else names an address.
    return new Capped<>(
        summary, new SeriesCap(name, config.maxSeries(), 2, folded, SeriesCap.otherBut(7)));
  }

  private <M> Capped<M> workload(M metric, String name, int seriesPerLabelSet, Counter folded) {
    // The fold keeps the outcome: it has six values.
    return new Capped<>(
        metric,
        new SeriesCap(name, config.maxSeries(), seriesPerLabelSet, folded, SeriesCap.otherBut(5)));
  }

  /**
   * A histogram's series per label set: its buckets, {@code +Inf}, {@code _count}, {@code _sum}.
   */
  private static int histogramSeries(double[] bounds) {
    return bounds.length + 3;
  }

  private static Histogram histogram(String name, String help, double[] bounds) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .labelNames(WORKLOAD_LABELS)
        .classicUpperBounds(bounds)
        .classicOnly()
        .withoutExemplars()
        .build();
  }

  private static String[] values(List<String> labels) {
    return labels.toArray(String[]::new);
  }

  private static String[] append(String[] labels, String more) {
    String[] out = new String[labels.length + 1];
    System.arraycopy(labels, 0, out, 0, labels.length);
    out[labels.length] = more;
    return out;
  }
}
