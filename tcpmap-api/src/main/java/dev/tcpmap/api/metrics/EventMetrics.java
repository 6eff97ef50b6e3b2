package dev.tcpmap.api.metrics;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.DnsLookupEnded;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.IcmpErrorSeen;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.event.UdpFlowEnded;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Resolver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * The metrics the event stream feeds: the last stage of the event path, which counts what reaches
 * the aggregator and hands every event on unchanged; and the aggregator's closed connections, as it
 * named them.
 *
 * <pre>
 *   … ─▶ TrafficNames ─▶ EventMetrics ─▶ Aggregator
 *                         │ TlsHandshakeSeen  ─▶ k8s_packet_tls_record, the chain's expiry
 *                         └ CertificateProbed ─▶ k8s_packet_tls_cert_expiry(_count)
 *                                                  │ closed(record), each ConnectionClosed named
 *                                                  ▼
 *                 k8s_packet_bytes_*, k8s_packet_duration_seconds, tcpmap_connections_total, …
 * </pre>
 *
 * A closed connection is counted from the aggregator's record ({@link #closed}), whose ends the
 * aggregator named once, with the identity each address had at the connection's start: the metrics
 * do not name them a second time. A name that comes later (the cluster index still syncing) does
 * not rename a series already counted. Counters are totals since start (as k8spacket's), observed
 * when a connection ends: a long-lived connection's bytes count at its close.
 *
 * <p>Threading: {@link #accept} and {@link #closed} run on the event path (one thread at a time,
 * under the pipeline's lock; they take no lock of their own beyond client_java's); scrapes read
 * from any thread.
 */
public final class EventMetrics implements EventStage {
  private final Counter folded = SeriesCap.foldCounter();
  private final ConnectionFamilies connections;
  private final TlsFamilies tls;

  /**
   * @param names names the ends of TLS handshakes (the aggregator's resolver)
   * @param persistent a connection that lasted at least this is {@code persistent="true"}
   */
  public EventMetrics(MetricsSettings.Config config, Resolver names, Duration persistent) {
    Objects.requireNonNull(names, "names");
    this.connections = new ConnectionFamilies(config, persistent, folded);
    this.tls = new TlsFamilies(config, names, folded);
  }

  @Override
  public void accept(Event event, Downstream next) {
    switch (event) {
      case TlsHandshakeSeen h -> tls.handshake(h.handshake());
      case CertificateProbed p ->
          p.chain().ifPresent(chain -> tls.chain(p.server(), p.port(), p.sni(), chain));
      // Closes are counted from the aggregator's named records (closed); losses by the status
      // (tcpmap_events_lost_total reads it); the others add nothing the families show.
      case ConnectionClosed c -> {}
      case ConnectionOpened o -> {}
      case ConnectionProgress p -> {}
      case DnsAnswer d -> {}
      case UdpFlowEnded u -> {}
      case IcmpErrorSeen i -> {}
      case DnsLookupEnded d -> {}
      case EventsLost l -> {}
    }
    next.accept(event);
  }

  /** Counts one closed connection, named by the aggregator (its {@code closedRecords}). */
  public void closed(ConnectionRecord record) {
    connections.closed(record);
  }

  /** Adds these families to {@code registry}; once. */
  public void register(PrometheusRegistry registry) {
    connections.register(registry);
    registry.register(tls);
    registry.register(folded);
  }
}
