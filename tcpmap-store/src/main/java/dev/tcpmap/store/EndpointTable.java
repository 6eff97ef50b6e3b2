package dev.tcpmap.store;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Endpoints interned in the {@code endpoint} table, both ways, with a cache per direction. An id
 * never changes and rows are never deleted, so a cached id stays right, except for ids inserted in
 * a transaction that then rolled back: {@link #forget} after a rollback.
 */
final class EndpointTable {

  /** Cache entries per direction (~200 bytes each); past it the cache starts over. */
  private static final int CACHE_LIMIT = 100_000;

  private final InternedTable<Endpoint> interned;
  private final RowsById<Endpoint> byId;

  /** Statements on {@code connection}; a read-only connection may only call {@link #endpoint}. */
  EndpointTable(Connection connection) throws SQLException {
    String all = "ip, kind, name, namespace, workload_kind, workload_name, node";
    interned = new InternedTable<>(connection, "endpoint", all, CACHE_LIMIT, EndpointTable::bind);
    byId = RowsById.of(connection, "endpoint", all, CACHE_LIMIT, EndpointTable::read);
  }

  /** The id of an endpoint, inserting it if new (inside the caller's transaction). */
  long id(Endpoint endpoint) throws SQLException {
    return interned.id(endpoint).id();
  }

  Endpoint endpoint(long id) throws SQLException {
    return byId.get(id);
  }

  private static Endpoint read(long id, ResultSet rs) throws SQLException {
    return new Endpoint(
        IpAddress.of(rs.getBytes(1)),
        Endpoint.Kind.valueOf(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        new Endpoint.Workload(rs.getString(5), rs.getString(6)),
        rs.getString(7));
  }

  /** Drops cached ids: those inserted by a rolled-back transaction do not exist. */
  void forget() {
    interned.forget();
  }

  private static void bind(PreparedStatement s, Endpoint e) throws SQLException {
    s.setBytes(1, e.ip().bytes());
    s.setString(2, e.kind().name());
    s.setString(3, e.name());
    s.setString(4, e.namespace());
    s.setString(5, e.workload().kind());
    s.setString(6, e.workload().name());
    s.setString(7, e.node());
  }

  void close() throws SQLException {
    interned.close();
    byId.close();
  }
}
