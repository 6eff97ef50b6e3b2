package dev.tcpmap.store;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Edges (client, server, port, side) interned in the {@code edge} table, both ways, with a cache
 * per direction: a row then keys on one small integer, and a query reads one column for its edge
 * instead of four. Like endpoints, an edge's id never changes and is never deleted; {@link #forget}
 * after a rollback.
 */
final class EdgeTable {

  /** Cache entries per direction (~100 bytes each); past it the cache starts over. */
  private static final int CACHE_LIMIT = 100_000;

  private static final Side[] SIDES = Side.values();

  private final EndpointTable endpoints;
  private final InternedTable<StoredEdge> interned;
  private final RowsById<StoredEdge> byId;

  EdgeTable(Connection connection) throws SQLException {
    String all = "client_id, server_id, port, side";
    endpoints = new EndpointTable(connection);
    interned = new InternedTable<>(connection, "edge", all, CACHE_LIMIT, this::bind);
    byId = RowsById.of(connection, "edge", all, CACHE_LIMIT, this::read);
  }

  /** The id of an edge, inserting it and its endpoints if new (inside the caller's transaction). */
  long id(StoredEdge edge) throws SQLException {
    return interned.id(edge).id();
  }

  private void bind(PreparedStatement s, StoredEdge edge) throws SQLException {
    s.setLong(1, endpoints.id(edge.key().client()));
    s.setLong(2, endpoints.id(edge.key().server()));
    s.setInt(3, edge.key().serverPort());
    s.setInt(4, edge.side().ordinal());
  }

  StoredEdge edge(long id) throws SQLException {
    return byId.get(id);
  }

  private StoredEdge read(long id, ResultSet rs) throws SQLException {
    int side = rs.getInt(4);
    if (side < 0 || side >= SIDES.length) {
      throw new SQLException("edge " + id + " has side " + side + ", not one of " + SIDES.length);
    }
    return new StoredEdge(
        new EdgeKey(
            endpoints.endpoint(rs.getLong(1)), endpoints.endpoint(rs.getLong(2)), rs.getInt(3)),
        SIDES[side]);
  }

  /** Drops cached ids: those inserted by a rolled-back transaction do not exist. */
  void forget() {
    interned.forget();
    endpoints.forget();
  }

  void close() throws SQLException {
    interned.close();
    byId.close();
    endpoints.close();
  }
}
