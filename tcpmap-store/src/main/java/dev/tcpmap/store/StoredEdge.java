package dev.tcpmap.store;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Side;
import java.util.Objects;

/**
 * An edge as the store keeps it: with the side its connections were observed from, which the
 * cluster merge needs to count a connection seen by two agents once (see {@link Side}).
 */
public record StoredEdge(EdgeKey key, Side side) {

  public StoredEdge {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(side, "side");
  }
}
