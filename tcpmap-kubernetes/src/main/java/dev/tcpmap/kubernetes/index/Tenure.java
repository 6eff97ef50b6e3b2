package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.model.Endpoint;

/**
 * One owner's time on a key (an IP address, or a node IP and port), as a link of an immutable chain
 * from the newest tenure back to the oldest still kept.
 *
 * <p>Times are nanoseconds since the epoch on the agent's clock ({@link Long#MIN_VALUE} for "since
 * before anything was seen", {@link Long#MAX_VALUE} for "still current") so that a lookup compares
 * two longs and dereferences nothing else.
 *
 * @param seq a number unique among all tenures, so that a tombstone can be found again after the
 *     chain above it was copied
 * @param owner who held the key (a pod, Service or Node uid, prefixed by its kind)
 * @param endpoint what a lookup inside {@code [from, until)} answers
 * @param isNode whether the endpoint is a node, kept here so that a port-aware lookup decides
 *     whether to look for a host-network pod without reading the endpoint (one cache miss fewer)
 * @param previous the tenure before this one, or null
 */
record Tenure(
    long seq,
    String owner,
    Endpoint endpoint,
    boolean isNode,
    long from,
    long until,
    Tenure previous) {

  static final long OPEN = Long.MAX_VALUE;
  static final long SINCE_EVER = Long.MIN_VALUE;

  Tenure(long seq, String owner, Endpoint endpoint, long from, long until, Tenure previous) {
    this(seq, owner, endpoint, endpoint.kind() == Endpoint.Kind.NODE, from, until, previous);
  }

  boolean isOpen() {
    return until == OPEN;
  }

  Tenure withEndpoint(Endpoint newEndpoint) {
    return new Tenure(seq, owner, newEndpoint, from, until, previous);
  }

  Tenure closedAt(long at) {
    return new Tenure(seq, owner, endpoint, from, Math.max(from, at), previous);
  }

  Tenure withPrevious(Tenure newPrevious) {
    return new Tenure(seq, owner, endpoint, from, until, newPrevious);
  }
}
