package dev.tcpmap.query.k8spacket;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.Endpoint;
import java.time.Instant;

/**
 * k8spacket's raw edge record ({@code /nodegraph/connections}, what its agents exchange): all
 * connections from one IP to another, whatever the server port.
 *
 * @param src the client, named as it was in the newest of the merged edges
 * @param dst the server, likewise
 * @param lastSeen the latest end of the merged connections
 */
public record EdgeRecord(Endpoint src, Endpoint dst, Totals totals, Instant lastSeen) {
  public EdgeRecord {
    Checks.nonNull("src dst totals lastSeen", src, dst, totals, lastSeen);
  }

  /** k8spacket's edge id, {@code <src IP>-<dst IP>}. */
  public String id() {
    return src.ip() + "-" + dst.ip();
  }
}
