package dev.tcpmap.query.service;

import dev.tcpmap.query.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's edges at workload level, from a store of the agents' workload series (Prometheus,
 * Mimir, Thanos…) rather than from the agents: what {@code tcpmap query} answers the graph from. It
 * knows workloads, Services, nodes and outside ends, by name; not pods, addresses or single
 * connections, so the query service answers those questions with {@link
 * ViewException.Reason#NOT_KNOWN}. Thread-safe; a call may block for the store's answer, within the
 * view's own timeout.
 */
public interface WorkloadView {

  /**
   * The edges of {@code range}, each once per (client, server, server port).
   *
   * @throws ViewException when the store did not answer ({@code UNAVAILABLE}) or answered with
   *     something else than data ({@code BAD_ANSWER})
   */
  Answer edges(TimeRange range);

  /**
   * @param asOf the time the store's data was read at (the window's end, or now)
   * @param edges ordered by client id, server id, then port
   */
  record Answer(Instant asOf, List<WorkloadEdge> edges) {
    public Answer {
      Objects.requireNonNull(asOf, "asOf");
      edges = List.copyOf(edges);
    }
  }
}
