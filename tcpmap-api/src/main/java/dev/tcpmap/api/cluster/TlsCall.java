package dev.tcpmap.api.cluster;

import dev.tcpmap.api.wire.MalformedAnswerException;
import dev.tcpmap.api.wire.PeerTlsJson;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterMerge;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.cluster.TlsMerge;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The cluster's TLS handshakes: every agent's {@value #PATH}, each handshake once ({@link
 * TlsMerge}).
 *
 * @param self this agent's own handshakes for a window, from memory (thread-safe)
 */
public record TlsCall(Function<TimeRange, PeerTls> self)
    implements PeerCall<PeerTls, List<TlsHandshake>> {
  /** The path every agent answers with its own handshakes. */
  public static final String PATH = "/api/v1/peer/tls";

  public TlsCall {
    Objects.requireNonNull(self, "self");
  }

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public PeerTls self(TimeRange range) {
    return self.apply(range);
  }

  @Override
  public PeerTls read(InputStream in) throws IOException, MalformedAnswerException {
    return PeerTlsJson.read(in);
  }

  @Override
  public ClusterMerge<PeerTls, List<TlsHandshake>> merge() {
    return new TlsMerge();
  }
}
