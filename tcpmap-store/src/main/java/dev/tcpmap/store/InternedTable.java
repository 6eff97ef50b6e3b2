package dev.tcpmap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A table of values stored once each (endpoints, edges, certificates…): {@link #id} finds a value
 * by every column (the table's unique key) or inserts it, with a cache of ids. An id never changes
 * while its row exists, so a cached id stays right, except for ids inserted in a transaction that
 * then rolled back or rows a maintenance deleted: {@link #forget} after either.
 */
final class InternedTable<T> {

  /** Binds a value to the parameters of a statement, from parameter 1 on. */
  interface Binder<T> {
    void bind(PreparedStatement s, T value) throws SQLException;
  }

  /**
   * @param id the value's row id
   * @param inserted whether this call inserted it
   */
  record Lookup(long id, boolean inserted) {}

  private final PreparedStatement find;
  private final PreparedStatement insert;
  private final Binder<T> binder;
  private final int cacheLimit;
  private final Map<T, Long> ids = new HashMap<>();

  /**
   * @param columns the table's columns but its id, comma and space separated, in binding order
   * @param cacheLimit ids cached at most; past it the cache starts over
   */
  InternedTable(Connection c, String table, String columns, int cacheLimit, Binder<T> binder)
      throws SQLException {
    String[] names = columns.split(", ");
    find =
        c.prepareStatement(
            "SELECT id FROM " + table + " WHERE " + String.join(" = ? AND ", names) + " = ?");
    insert =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + "("
                + columns
                + ") VALUES ("
                + "?, ".repeat(names.length - 1)
                + "?)",
            Statement.RETURN_GENERATED_KEYS);
    this.binder = binder;
    this.cacheLimit = cacheLimit;
  }

  /** The id of {@code value}, inserting it if new (inside the caller's transaction). */
  Lookup id(T value) throws SQLException {
    Long cached = ids.get(value);
    if (cached != null) {
      return new Lookup(cached, false);
    }
    binder.bind(find, value);
    Lookup found;
    try (ResultSet rs = find.executeQuery()) {
      found = rs.next() ? new Lookup(rs.getLong(1), false) : null;
    }
    if (found == null) {
      binder.bind(insert, value);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        found = new Lookup(keys.getLong(1), true);
      }
    }
    if (ids.size() >= cacheLimit) {
      ids.clear();
    }
    ids.put(value, found.id());
    return found;
  }

  void forget() {
    ids.clear();
  }

  void close() throws SQLException {
    find.close();
    insert.close();
  }
}
