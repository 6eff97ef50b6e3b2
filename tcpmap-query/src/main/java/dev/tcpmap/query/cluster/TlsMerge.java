package dev.tcpmap.query.cluster;

import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the agents' handshakes so that each handshake counts once.
 *
 * <p>A handshake between pods on two nodes is captured twice: on the client's node and on the
 * server's, at slightly different times (two clocks, two interfaces, the packet's flight). Records
 * are one handshake when they have the same 4-tuple, the same ClientHello ({@code sni} and {@code
 * ja4}, which both captures decode from the same bytes) and {@code connectionStart}s within {@link
 * #TOLERANCE} of the first of them. Two connections cannot share a 4-tuple that closely: the side
 * that closes first holds the 4-tuple in TIME_WAIT for 2 MSL (60 s on Linux, {@code
 * TCP_TIMEWAIT_LEN}); only {@code tcp_tw_reuse} lets a client reuse it sooner, after 1 s, and then
 * only when its port range is exhausted enough to pick the same port again, and the same
 * ClientHello is required as well.
 *
 * <p>Of one handshake's records the one with a certificate chain is kept (the server's node may
 * have seen the Certificate message that the client's lost, or the other way round), then the one
 * with the earliest {@code connectionStart}, then the earliest capture.
 *
 * <p>Holds every answer's handshakes until {@link #finish}: at most the answers' size, which the
 * fan-out bounds per peer. One thread.
 */
public final class TlsMerge implements ClusterMerge<PeerTls, List<TlsHandshake>> {
  /** Start times of one handshake's records differ by less: clocks within NTP's reach. */
  public static final Duration TOLERANCE = Duration.ofSeconds(2);

  private static final Comparator<TlsHandshake> PREFERRED =
      Comparator.comparing((TlsHandshake h) -> h.certificate().isEmpty())
          .thenComparing(TlsHandshake::connectionStart)
          .thenComparing(TlsHandshake::at);

  private final Map<Key, List<TlsHandshake>> byKey = new HashMap<>();

  @Override
  public void add(PeerTls answer) {
    for (TlsHandshake h : answer.handshakes()) {
      byKey.computeIfAbsent(Key.of(h), k -> new ArrayList<>(1)).add(h);
    }
  }

  /** Each handshake once, in no particular order. */
  @Override
  public List<TlsHandshake> finish(List<Peer> answered) {
    List<TlsHandshake> out = new ArrayList<>(byKey.size());
    for (List<TlsHandshake> same : byKey.values()) {
      same.sort(Comparator.comparing(TlsHandshake::connectionStart));
      int first = 0;
      for (int i = 1; i <= same.size(); i++) {
        if (i == same.size()
            || Duration.between(same.get(first).connectionStart(), same.get(i).connectionStart())
                    .compareTo(TOLERANCE)
                > 0) {
          out.add(same.subList(first, i).stream().min(PREFERRED).orElseThrow());
          first = i;
        }
      }
    }
    return out;
  }

  /** What the records of one handshake share. */
  private record Key(
      IpAddress client, int clientPort, IpAddress server, int serverPort, String sni, String ja4) {
    static Key of(TlsHandshake h) {
      return new Key(h.client(), h.clientPort(), h.server(), h.serverPort(), h.sni(), h.ja4());
    }
  }
}
