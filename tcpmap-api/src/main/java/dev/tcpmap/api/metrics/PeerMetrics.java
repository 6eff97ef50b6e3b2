package dev.tcpmap.api.metrics;

import dev.tcpmap.query.cluster.MissingPeer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How the cluster-wide answers' requests to peer agents went:
 *
 * <ul>
 *   <li>{@code tcpmap_peer_requests_total{peer, result}}: requests to each peer by result ({@code
 *       ok}, {@code timeout}, {@code refused}, {@code error}, {@code malformed});
 *   <li>{@code tcpmap_peer_up{peer}}: 1 when the peer answered the last fan-out, 0 when not (this
 *       agent, which answers for itself, included);
 *   <li>{@code tcpmap_peers_missing}: how many peers the last fan-out lacked.
 * </ul>
 *
 * Peers are labelled by pod name, one per node: the cardinality is the cluster's size. A peer that
 * leaves the directory loses its series at the next fan-out, so rolled-out agent pods do not pile
 * up. Thread-safe.
 */
public final class PeerMetrics {

  /** The result of one request to a peer. */
  public enum Result {
    OK,
    TIMEOUT,
    REFUSED,
    /** An HTTP status other than 200, or an I/O error other than a refusal or timeout. */
    ERROR,
    MALFORMED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code result} label of a peer missing for {@code reason}. */
    public static Result of(MissingPeer.Reason reason) {
      return switch (reason) {
        case REFUSED -> REFUSED;
        case TIMEOUT -> TIMEOUT;
        case HTTP_STATUS, ERROR -> ERROR;
        case MALFORMED -> MALFORMED;
      };
    }
  }

  private final Counter requests;
  private final Gauge up;
  private final Gauge missing;
  private final Set<String> known = new HashSet<>();

  public PeerMetrics(PrometheusRegistry registry) {
    requests =
        Counter.builder()
            .name("tcpmap_peer_requests_total")
            .help("Requests to peer agents for their edges or TLS handshakes, by peer and result")
            .labelNames("peer", "result")
            .withoutExemplars()
            .register(registry);
    up =
        Gauge.builder()
            .name("tcpmap_peer_up")
            .help("1 when the peer agent answered the last cluster-wide request, 0 when not")
            .labelNames("peer")
            .withoutExemplars()
            .register(registry);
    missing =
        Gauge.builder()
            .name("tcpmap_peers_missing")
            .help("Peer agents that did not answer the last cluster-wide request")
            .withoutExemplars()
            .register(registry);
  }

  /** Counts one request to {@code peer}. */
  public void request(String peer, Result result) {
    requests.labelValues(peer, result.label()).inc();
  }

  /**
   * Records the outcome of one fan-out and forgets peers no longer asked.
   *
   * @param asked every peer of the fan-out, this agent included
   * @param missingPeers those that did not answer
   */
  public synchronized void fanOut(Collection<String> asked, Collection<String> missingPeers) {
    Set<String> gone = new HashSet<>(known);
    gone.removeAll(asked);
    for (String peer : gone) {
      up.remove(peer);
      for (Result result : Result.values()) {
        requests.remove(peer, result.label());
      }
    }
    known.clear();
    known.addAll(asked);
    for (String peer : asked) {
      up.labelValues(peer).set(missingPeers.contains(peer) ? 0 : 1);
    }
    missing.set(missingPeers.size());
  }
}
