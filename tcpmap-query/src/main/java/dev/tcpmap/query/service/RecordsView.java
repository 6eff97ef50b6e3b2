package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.LateNames;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.filter.ConnectionFilter;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The windows of a snapshot's records: a connection is in a window when its lifetime overlaps it,
 * and counts whole (a capture file's result, which has no buckets).
 *
 * @param data the snapshot, read once per question
 * @param names names the ends that were unknown when named ({@link LateNames})
 * @param persistent a connection lasting at least this long is persistent
 */
public record RecordsView(Supplier<Snapshot> data, Resolver names, Duration persistent)
    implements LocalView {

  public RecordsView {
    Checks.nonNull("data names persistent", data, names, persistent);
  }

  @Override
  public Snapshot snapshot() {
    return data.get();
  }

  @Override
  public PeerEdges edges(TimeRange range) {
    return PeerEdges.observe(data.get(), names, persistent, range);
  }

  /** The edges summed from the records that pass {@code filter}, as it reads them. */
  @Override
  public PeerEdges edgesOfMatching(TimeRange range, ConnectionFilter filter) {
    Snapshot snapshot = data.get();
    return PeerEdges.observe(
        snapshot, names, persistent, range, filter.overRecords(snapshot.handshakes()));
  }

  @Override
  public PeerTls tls(TimeRange range) {
    return PeerTls.observe(data.get(), range);
  }
}
