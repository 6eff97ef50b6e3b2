package dev.tcpmap.query.cluster;

import java.time.Instant;
import java.util.Map;

/** What every agent's answer to a peer request carries besides its records. */
public interface PeerAnswer {
  /** When the agent's snapshot was taken. */
  Instant asOf();

  /** Observations the agent lost, by reason (as in every answer). */
  Map<String, Long> losses();
}
