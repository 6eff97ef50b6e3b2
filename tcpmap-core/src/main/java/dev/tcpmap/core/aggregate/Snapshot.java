package dev.tcpmap.core.aggregate;

import dev.tcpmap.core.model.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What readers (the HTTP API, the CLI) see: an immutable copy of the observed connections and of
 * what was lost on the way. Only the producer builds snapshots; readers get the current one through
 * a {@code Supplier<Snapshot>} and may use it from any thread.
 *
 * @param connections exact connection records, in no particular order
 * @param losses counts of lost observations by reason token (see {@code EventsLost}); zero counts
 *     are omitted
 * @param asOf when the snapshot was taken
 */
public record Snapshot(List<Connection> connections, Map<String, Long> losses, Instant asOf) {

  public Snapshot {
    connections = List.copyOf(connections);
    losses = Map.copyOf(losses);
    Objects.requireNonNull(asOf, "asOf");
    losses.forEach(
        (reason, count) -> {
          if (count < 0) {
            throw new IllegalArgumentException("loss count is negative: " + reason + "=" + count);
          }
        });
  }

  /** No connections, no losses. */
  public static Snapshot empty(Instant asOf) {
    return new Snapshot(List.of(), Map.of(), asOf);
  }
}
