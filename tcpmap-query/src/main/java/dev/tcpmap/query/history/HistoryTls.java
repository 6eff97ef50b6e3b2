package dev.tcpmap.query.history;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerTls;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's TLS handshakes of a window: those the history has written, and the newer ones still
 * only in the live store (a handshake is written once it has settled: a probed chain had time to
 * come). Each handshake is taken from exactly one of the two.
 */
public final class HistoryTls implements Function<TimeRange, PeerTls> {
  private final History history;
  private final Supplier<Snapshot> data;

  public HistoryTls(History history, Supplier<Snapshot> data) {
    this.history = history;
    this.data = data;
  }

  @Override
  public PeerTls apply(TimeRange range) {
    Snapshot snapshot = data.get();
    long from = range.hasFrom() ? range.fromMs() : 0;
    long to = range.hasTo() ? range.toMs() : Long.MAX_VALUE;
    History.StoredHandshakes stored = history.storedHandshakes(from, Math.max(from, to));
    List<TlsHandshake> in = new ArrayList<>(stored.handshakes());
    for (TlsHandshake h : snapshot.handshakes()) {
      if (!h.at().isBefore(stored.writtenUpTo()) && range.overlaps(h.at(), h.at())) {
        in.add(h);
      }
    }
    return new PeerTls(snapshot.asOf(), snapshot.losses(), in);
  }
}
