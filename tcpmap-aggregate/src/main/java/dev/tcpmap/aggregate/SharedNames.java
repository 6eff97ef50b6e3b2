package dev.tcpmap.aggregate;

import dev.tcpmap.core.model.Endpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One instance per distinct name, for the aggregator's resolver ({@code resolver.map(shared)}). A
 * resolver makes a new {@link Endpoint} at every call, so the connection log held two of them per
 * record, equal to thousands of others: a live set every collection traced, and edge maps that
 * compared them field by field. Shared, the log holds one per name, and a query's edge map finds
 * them by identity.
 *
 * <p>Bounded: past {@code limit} distinct names it forgets them all and starts again (records keep
 * the instances they have; only the sharing is lost). Not thread-safe: the aggregator calls it
 * under the pipeline's lock.
 */
final class SharedNames implements UnaryOperator<Endpoint> {
  private final int limit;
  private final Map<Endpoint, Endpoint> known = new HashMap<>();

  SharedNames(int limit) {
    this.limit = limit;
  }

  @Override
  public Endpoint apply(Endpoint endpoint) {
    Endpoint kept = known.putIfAbsent(endpoint, endpoint);
    if (kept != null) {
      return kept;
    }
    if (known.size() > limit) {
      known.clear();
    }
    return endpoint;
  }
}
