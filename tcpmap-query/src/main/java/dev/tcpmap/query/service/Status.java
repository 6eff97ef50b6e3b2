package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.LiveCounts;
import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.source.SourceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code /api/v1/status} reports of a live agent. Immutable; the agent builds one per request.
 *
 * @param version tcpmap's version
 * @param startedAt when the agent started (uptime is counted from it)
 * @param sources each source's state
 * @param counts events received by kind and observations lost by {@code source/reason}
 * @param open connections open now
 * @param closed closed connection records kept
 */
public record Status(
    String version,
    Instant startedAt,
    List<SourceStatus> sources,
    LiveCounts counts,
    long open,
    long closed) {

  public Status {
    Checks.nonNull("version startedAt counts", version, startedAt, counts);
    sources = List.copyOf(sources);
  }

  /**
   * This status with one more source (e.g. {@code kubernetes}) and its losses, which are added to
   * the loss counts by {@code source/reason}.
   */
  public Status with(SourceStatus source, Map<String, Long> moreLosses) {
    List<SourceStatus> all = new ArrayList<>(sources);
    all.add(source);
    Map<String, Long> losses = new TreeMap<>(counts.losses());
    moreLosses.forEach((reason, count) -> losses.merge(reason, count, Long::sum));
    return new Status(
        version, startedAt, all, new LiveCounts(counts.events(), losses), open, closed);
  }
}
