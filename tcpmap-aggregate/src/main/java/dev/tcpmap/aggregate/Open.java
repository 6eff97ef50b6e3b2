package dev.tcpmap.aggregate;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionKey;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.StoredEdge;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * One connection the aggregator holds: what the live view shows of it, and what its history has not
 * handed over yet. Mutable; the aggregator's thread only.
 */
final class Open {
  final ConnectionKey key;
  boolean startSeen;
  long sent;
  long received;
  SocketDetails details;

  /** Its edge as best known at its last event (history only). */
  StoredEdge edge;

  /** Whether its {@code opened} count is held or handed over. */
  boolean openedCounted;

  /** Whether its first byte report is a baseline: what flowed before it was watched. */
  boolean baselinePending;

  /** Bytes attributed to buckets so far, each way. */
  long attributedSent;

  long attributedReceived;

  /** Contributions per bucket start not yet handed to the pending buckets. */
  final TreeMap<Long, Counters> unflushed = new TreeMap<>();

  Open(ConnectionKey key, boolean startSeen, SocketDetails details) {
    this.key = key;
    this.startSeen = startSeen;
    this.details = details;
  }

  /** The connection as of {@code now}: open, its bytes so far, its duration up to now. */
  Connection asOf(Instant now) {
    Duration soFar = Duration.between(key.start(), now);
    return new Connection(
        key.client(),
        key.clientPort(),
        key.server(),
        key.serverPort(),
        key.start(),
        soFar.isNegative() ? Duration.ZERO : soFar,
        sent,
        received,
        Outcome.OPEN,
        startSeen,
        details);
  }
}
