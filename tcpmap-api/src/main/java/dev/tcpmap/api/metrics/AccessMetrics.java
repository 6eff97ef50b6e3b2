package dev.tcpmap.api.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Who the API turned away, and how the token file's changes went:
 *
 * <ul>
 *   <li>{@code tcpmap_api_refused_total{reason}}: requests refused before routing, by {@code host}
 *       (a {@code Host} not of this server), {@code origin} (a preflight from an origin not
 *       allowed) and {@code token} (no or a wrong bearer token);
 *   <li>{@code tcpmap_api_token_reloads_total{result}}: changes of the token file, {@code ok} (a
 *       new token in use) or {@code failed} (unreadable or no token; the last good one stays).
 * </ul>
 *
 * Fixed labels: a handful of series. Thread-safe.
 */
public final class AccessMetrics {
  private final Counter refused;
  private final Counter reloads;

  public AccessMetrics(PrometheusRegistry registry) {
    refused =
        Counter.builder()
            .name("tcpmap_api_refused_total")
            .help("Requests to the HTTP API refused before routing, by reason: host, origin, token")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);
    reloads =
        Counter.builder()
            .name("tcpmap_api_token_reloads_total")
            .help("Changes of the API's token file, by result: ok, failed (the last token stays)")
            .labelNames("result")
            .withoutExemplars()
            .register(registry);
  }

  /** A request refused for {@code reason} ({@code host}, {@code origin}, {@code token}). */
  public void refused(String reason) {
    refused.labelValues(reason).inc();
  }

  /** The token file changed: a new token ({@code ok}) or none usable ({@code failed}). */
  public void tokenReload(boolean ok) {
    reloads.labelValues(ok ? "ok" : "failed").inc();
  }
}
