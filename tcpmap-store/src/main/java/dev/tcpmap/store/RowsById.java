package dev.tcpmap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Values of an interned table read back by row id, with a cache: the other direction of {@link
 * InternedTable}. An id is never given to other content while the store is open, so a cached entry
 * stays right; an id no row has is a damaged file, an {@link SQLException}.
 */
final class RowsById<T> {

  /**
   * The value of row {@code id}, from the row the result set stands on (and, for a value of several
   * rows, the rest).
   */
  interface Reader<T> {
    T read(long id, ResultSet rs) throws SQLException;
  }

  private final String name;
  private final PreparedStatement select;
  private final int cacheLimit;
  private final Reader<T> reader;
  private final Map<Long, T> cache = new HashMap<>();

  /**
   * @param name what a missing id is said to be missing from
   * @param select the query, with the id as its one parameter
   * @param cacheLimit values cached at most; past it the cache starts over
   */
  RowsById(Connection c, String name, String select, int cacheLimit, Reader<T> reader)
      throws SQLException {
    this.name = name;
    this.select = c.prepareStatement(select);
    this.cacheLimit = cacheLimit;
    this.reader = reader;
  }

  /** Reads {@code columns} of {@code table}'s row with the id. */
  static <T> RowsById<T> of(
      Connection c, String table, String columns, int cacheLimit, Reader<T> reader)
      throws SQLException {
    return new RowsById<>(
        c, table, "SELECT " + columns + " FROM " + table + " WHERE id = ?", cacheLimit, reader);
  }

  T get(long id) throws SQLException {
    T cached = cache.get(id);
    if (cached != null) {
      return cached;
    }
    T value;
    select.setLong(1, id);
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("row refers to " + name + " " + id + ", which is not in the store");
      }
      value = reader.read(id, rs);
    }
    if (cache.size() >= cacheLimit) {
      cache.clear();
    }
    cache.put(id, value);
    return value;
  }

  void close() throws SQLException {
    select.close();
  }
}
