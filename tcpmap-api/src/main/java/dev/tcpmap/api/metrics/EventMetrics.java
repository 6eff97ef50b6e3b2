package dev.tcpmap.api.metrics;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Resolver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * The metrics the event stream feeds: the last stage of the event path, which counts what reaches
 * the aggregator and hands every event on unchanged.
 *
 * <pre>
 *   … ─▶ TrafficNames ─▶ EventMetrics ─▶ Aggregator
 *                         │ ConnectionClosed  ─▶ k8s_packet_bytes_*, k8s_packet_duration_seconds,
 *                         │                      tcpmap_connections_total, tcpmap_bytes_total, …
 *                         │ TlsHandshakeSeen  ─▶ k8s_packet_tls_record, the chain's expiry
 *                         └ CertificateProbed ─▶ k8s_packet_tls_cert_expiry(_count)
 * </pre>
 *
 * Ends are named by the resolver the aggregator names them with, at the same moment, with the
 * identity each address had at the connection's start; a name that comes later (the cluster index
 * still syncing) does not rename a series already counted. Counters are totals since start (as
 * k8spacket's), observed when a connection ends: a long-lived connection's bytes count at its
 * close.
 *
 * <p>Threading: {@link #accept} runs on the event path (one thread at a time, under the pipeline's
 * lock; it takes no lock of its own beyond client_java's); scrapes read from any thread.
 */
public final class EventMetrics implements EventStage {
  private final Resolver names;
  private final Counter folded = SeriesCap.foldCounter();
  private final ConnectionFamilies connections;
  private final TlsFamilies tls;

  /**
   * @param names names both ends (the aggregator's resolver)
   * @param persistent a connection that lasted at least this is {@code persistent="true"}
   */
  public EventMetrics(MetricsSettings.Config config, Resolver names, Duration persistent) {
    this.names = Objects.requireNonNull(names, "names");
    this.connections = new ConnectionFamilies(config, persistent, folded);
    this.tls = new TlsFamilies(config, names, folded);
  }

  @Override
  public void accept(Event event, Downstream next) {
    switch (event) {
      case ConnectionClosed c -> connections.closed(ConnectionRecord.named(c.connection(), names));
      case TlsHandshakeSeen h -> tls.handshake(h.handshake());
      case CertificateProbed p ->
          p.chain().ifPresent(chain -> tls.chain(p.server(), p.port(), p.sni(), chain));
      // Losses are counted by the status (tcpmap_events_lost_total reads it); the others add
      // nothing the families show.
      case ConnectionOpened o -> {}
      case ConnectionProgress p -> {}
      case DnsAnswer d -> {}
      case EventsLost l -> {}
    }
    next.accept(event);
  }

  /** Adds these families to {@code registry}; once. */
  public void register(PrometheusRegistry registry) {
    connections.register(registry);
    registry.register(tls);
    registry.register(folded);
  }
}
