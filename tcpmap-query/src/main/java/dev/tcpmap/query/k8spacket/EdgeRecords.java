package dev.tcpmap.query.k8spacket;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.edges.EdgeStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds k8spacket's view of the edges from ours. Stateless. */
public final class EdgeRecords {
  private EdgeRecords() {}

  private record HostPair(IpAddress src, IpAddress dst) {}

  /**
   * Merges edges by (client IP, server IP), as k8spacket keys its records by {@code src-dst} and
   * ignores the port. Where one IP pair had several identities in the window (a reused pod IP) the
   * newest names it, as k8spacket overwrites names on each update. The filter is applied to the
   * merged records, to the same fields k8spacket matches.
   *
   * @return records ordered by source IP, then destination IP
   */
  public static List<EdgeRecord> byHostPair(Collection<EdgeStats> edges, EdgeFilter filter) {
    List<EdgeStats> oldestFirst = new ArrayList<>(edges);
    oldestFirst.sort(Comparator.comparing(EdgeStats::lastSeen));
    Map<HostPair, EdgeRecord> merged = new LinkedHashMap<>();
    for (EdgeStats edge : oldestFirst) {
      HostPair pair = new HostPair(edge.key().client().ip(), edge.key().server().ip());
      EdgeRecord next =
          new EdgeRecord(
              edge.key().client(), edge.key().server(), Totals.of(edge), edge.lastSeen());
      merged.merge(pair, next, EdgeRecords::newerNames);
    }
    List<EdgeRecord> out = new ArrayList<>();
    for (EdgeRecord record : merged.values()) {
      if (filter.test(record.src(), record.dst())) {
        out.add(record);
      }
    }
    out.sort(Comparator.comparing((EdgeRecord r) -> r.src().ip()).thenComparing(r -> r.dst().ip()));
    return out;
  }

  /** Sums two records of one pair; {@code newer} was last seen at or after {@code older}. */
  private static EdgeRecord newerNames(EdgeRecord older, EdgeRecord newer) {
    return new EdgeRecord(
        newer.src(), newer.dst(), older.totals().plus(newer.totals()), newer.lastSeen());
  }
}
