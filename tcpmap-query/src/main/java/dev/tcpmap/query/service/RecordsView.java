package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.LateNames;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import java.time.Duration;
import java.util.Objects;
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
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(persistent, "persistent");
  }

  @Override
  public Snapshot snapshot() {
    return data.get();
  }

  @Override
  public PeerEdges edges(TimeRange range) {
    return PeerEdges.observe(data.get(), names, persistent, range);
  }

  @Override
  public PeerTls tls(TimeRange range) {
    return PeerTls.observe(data.get(), range);
  }
}
