package dev.tcpmap.query.cluster;

import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.model.Checks;
import java.util.Locale;

/**
 * A peer whose edges a cluster-wide answer lacks, and why.
 *
 * @param message what happened, for a person (e.g. {@code HTTP 503}, {@code edges[3].client.ip:
 *     missing})
 */
public record MissingPeer(Peer peer, Reason reason, String message) {

  public enum Reason {
    /** Nothing listens at its address (the TCP connect was refused). */
    REFUSED,
    /** No whole answer within the timeout (connect, headers or body). */
    TIMEOUT,
    /** It answered with a status other than 200. */
    HTTP_STATUS,
    /** Its answer was not a {@code /api/v1/peer/edges} answer, or too large. */
    MALFORMED,
    /** Any other failure (connection reset, no route to host, ...). */
    ERROR;

    /** The lower-case name used in JSON, e.g. {@code http-status}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public MissingPeer {
    Checks.nonNull("peer reason message", peer, reason, message);
  }
}
