package dev.tcpmap.store;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link HandshakeStore} in its own SQLite database file, in WAL mode with {@code
 * synchronous=NORMAL}, one writer and one read connection, opened and checked as {@link
 * SqliteRollupStore} is. Layout, schema version {@value #VERSION}:
 *
 * <pre>
 *   meta(key, value)                               schema version
 *   hello(id, sni, client_versions, client_suites, alpn_offered, alpn_chosen, version, suite, ja4)
 *   certificate(id, subject, issuer, sans, not_before_s/_ns, not_after_s/_ns, serial)
 *   chain(id, certificates "3,1,7")   chain_link(chain_id, position, certificate_id)
 *   handshake(id, at, client, client_port, server, server_port, connection_start,
 *             hello_id, chain_id, source, probed_at, start_seen)  index on at
 * </pre>
 *
 * Hellos, certificates and chains are interned (unique on all their columns): the handshakes of one
 * client program to one server name share one hello row, a chain shared by every handshake to a
 * server is one chain row and its certificates are stored once. A handshake row is then about 60
 * bytes with its index entry. Lists are one text each ({@link Handshakes#encode}); instants of a
 * handshake are epoch nanoseconds, a certificate's validity seconds and nanoseconds apart.
 */
public final class SqliteHandshakeStore extends SqliteStore implements HandshakeStore {

  /**
   * The schema version in the meta table; not a bare number, so that the rollup store, whose
   * version is one, refuses this file as a store of another version, and this one refuses its.
   */
  static final String VERSION = "tls-2";

  /**
   * A file of version tls-1 (before handshakes said whether their connection's SYN was seen) is
   * brought to tls-2 at open: its handshakes were all read from a SYN on.
   */
  private static final Map<String, List<String>> UPGRADES =
      Map.of(
          "tls-1",
          List.of(
              "ALTER TABLE handshake ADD COLUMN start_seen INTEGER NOT NULL DEFAULT 1",
              "UPDATE meta SET value = '" + VERSION + "' WHERE key = 'schema'"));

  private static final List<String> CREATE =
      List.of(
          "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID, STRICT",
          "CREATE TABLE hello(id INTEGER PRIMARY KEY AUTOINCREMENT, sni TEXT NOT NULL,"
              + " client_versions TEXT NOT NULL, client_suites TEXT NOT NULL,"
              + " alpn_offered TEXT NOT NULL, alpn_chosen TEXT NOT NULL, version TEXT NOT NULL,"
              + " suite TEXT NOT NULL, ja4 TEXT NOT NULL, UNIQUE(sni, client_versions,"
              + " client_suites, alpn_offered, alpn_chosen, version, suite, ja4)) STRICT",
          "CREATE TABLE certificate(id INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT NOT NULL,"
              + " issuer TEXT NOT NULL, sans TEXT NOT NULL, not_before_s INTEGER NOT NULL,"
              + " not_before_ns INTEGER NOT NULL, not_after_s INTEGER NOT NULL,"
              + " not_after_ns INTEGER NOT NULL, serial TEXT NOT NULL, UNIQUE(serial, issuer,"
              + " subject, sans, not_before_s, not_before_ns, not_after_s, not_after_ns)) STRICT",
          "CREATE TABLE chain(id INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " certificates TEXT NOT NULL UNIQUE) STRICT",
          "CREATE TABLE chain_link(chain_id INTEGER NOT NULL, position INTEGER NOT NULL,"
              + " certificate_id INTEGER NOT NULL, PRIMARY KEY(chain_id, position))"
              + " WITHOUT ROWID, STRICT",
          "CREATE INDEX chain_link_certificate ON chain_link(certificate_id)",
          "CREATE TABLE handshake(id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
              + " client BLOB NOT NULL, client_port INTEGER NOT NULL, server BLOB NOT NULL,"
              + " server_port INTEGER NOT NULL, connection_start INTEGER NOT NULL,"
              + " hello_id INTEGER NOT NULL, chain_id INTEGER, source TEXT, probed_at INTEGER,"
              + " start_seen INTEGER NOT NULL DEFAULT 1) STRICT",
          "CREATE INDEX handshake_at ON handshake(at)",
          "INSERT INTO meta(key, value) VALUES ('schema', '" + VERSION + "')");

  private static final String COLUMNS =
      "at, client, client_port, server, server_port, connection_start, hello_id, chain_id, source,"
          + " probed_at, start_seen";

  /** The rowid is in the index on {@code at}: both orders read the index, never sort. */
  private static final String WINDOW =
      "SELECT "
          + COLUMNS
          + " FROM handshake WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?";

  /** Unreferenced interned rows, children after their parents are gone. */
  private static final List<String> CLEAN =
      List.of(
          "DELETE FROM hello WHERE id NOT IN (SELECT hello_id FROM handshake)",
          "DELETE FROM chain WHERE id NOT IN"
              + " (SELECT chain_id FROM handshake WHERE chain_id IS NOT NULL)",
          "DELETE FROM chain_link WHERE chain_id NOT IN (SELECT id FROM chain)",
          "DELETE FROM certificate WHERE id NOT IN (SELECT certificate_id FROM chain_link)");

  private final StoreConfig config;
  private final int maxHandshakes;
  private final PreparedStatement insert;
  private final HandshakeTables writeTables;
  private final HandshakeTables readTables;
  private final AtomicLong pruned = new AtomicLong();

  private SqliteHandshakeStore(
      Path file, StoreConfig config, int maxHandshakes, Connection writer, Connection reader)
      throws SQLException {
    super(file, writer, reader);
    this.config = config;
    this.maxHandshakes = maxHandshakes;
    this.insert =
        writer.prepareStatement(
            "INSERT INTO handshake(" + COLUMNS + ") VALUES (?" + ", ?".repeat(10) + ")");
    this.writeTables = new HandshakeTables(writer);
    this.readTables = new HandshakeTables(reader);
  }

  /**
   * Opens the store in {@code file}, creating it (and its directory) if it does not exist.
   *
   * @param maxHandshakes the most handshakes kept after {@link #maintain}; at least 1
   * @throws StoreException {@link StoreException.Kind#CORRUPT} for a damaged file or one that is no
   *     SQLite database, {@link StoreException.Kind#NOT_A_STORE} for another database (the rollup
   *     store's file included), a write kind when the file cannot be created
   */
  public static SqliteHandshakeStore open(Path file, StoreConfig config, int maxHandshakes) {
    Objects.requireNonNull(config, "config");
    Handshakes.checkMax(maxHandshakes);
    return open(
        file,
        VERSION,
        CREATE,
        UPGRADES,
        (path, writer, reader) ->
            new SqliteHandshakeStore(path, config, maxHandshakes, writer, reader));
  }

  @Override
  public synchronized void write(Collection<TlsHandshake> batch) {
    List<TlsHandshake> handshakes = Handshakes.checked(batch);
    if (handshakes.isEmpty()) {
      return;
    }
    try {
      for (TlsHandshake h : handshakes) {
        bind(h);
        insert.addBatch();
      }
      insert.executeBatch();
      writer.commit();
    } catch (SQLException e) {
      throw failed("writing " + handshakes.size() + " handshakes", e);
    }
  }

  private void bind(TlsHandshake h) throws SQLException {
    insert.setLong(1, Handshakes.nanos(h.at(), "at"));
    insert.setBytes(2, h.client().bytes());
    insert.setInt(3, h.clientPort());
    insert.setBytes(4, h.server().bytes());
    insert.setInt(5, h.serverPort());
    insert.setLong(6, Handshakes.nanos(h.connectionStart(), "connectionStart"));
    insert.setLong(7, writeTables.hello(HandshakeTables.Hello.of(h)));
    if (h.certificate().isPresent()) {
      CertificateChain chain = h.certificate().get();
      insert.setLong(8, writeTables.chain(chain.chain()));
      insert.setString(9, chain.source().wireName());
      if (chain.probedAt().isPresent()) {
        insert.setLong(10, Handshakes.nanos(chain.probedAt().get(), "probedAt"));
      } else {
        insert.setNull(10, Types.INTEGER);
      }
    } else {
      insert.setNull(8, Types.INTEGER);
      insert.setNull(9, Types.VARCHAR);
      insert.setNull(10, Types.INTEGER);
    }
    insert.setInt(11, h.startSeen() ? 1 : 0);
  }

  @Override
  public HandshakeWindow query(long fromMillis, long toMillis, int limit) {
    Window window = Handshakes.window(fromMillis, toMillis, limit);
    long from = Handshakes.millisToNanos(fromMillis);
    long to = Handshakes.millisToNanos(toMillis);
    synchronized (readLock) {
      // One read transaction: the count and the rows come from the same commit.
      try (PreparedStatement count =
              reader.prepareStatement("SELECT count(*) FROM handshake WHERE at >= ? AND at < ?");
          PreparedStatement rows = reader.prepareStatement(WINDOW)) {
        count.setLong(1, from);
        count.setLong(2, to);
        long total;
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
        rows.setLong(1, from);
        rows.setLong(2, to);
        rows.setInt(3, limit);
        List<TlsHandshake> newest = new ArrayList<>((int) Math.min(limit, total));
        try (ResultSet rs = rows.executeQuery()) {
          while (rs.next()) {
            newest.add(handshake(rs));
          }
        }
        return new HandshakeWindow(window, newest, total);
      } catch (SQLException | IllegalArgumentException e) {
        throw unreadable("querying " + window, e);
      } finally {
        endRead();
      }
    }
  }

  private TlsHandshake handshake(ResultSet rs) throws SQLException {
    HandshakeTables.Hello hello = readTables.hello(rs.getLong(7));
    Optional<CertificateChain> chain = Optional.empty();
    String source = rs.getString(9);
    if (source != null) {
      long probedAt = rs.getLong(10);
      Optional<Instant> probed =
          rs.wasNull() ? Optional.empty() : Optional.of(Handshakes.instant(probedAt));
      chain =
          Optional.of(
              new CertificateChain(
                  CertificateChain.Source.valueOf(source.toUpperCase(Locale.ROOT)),
                  readTables.chain(rs.getLong(8)),
                  probed));
    }
    return new TlsHandshake(
        IpAddress.of(rs.getBytes(2)),
        rs.getInt(3),
        IpAddress.of(rs.getBytes(4)),
        rs.getInt(5),
        Handshakes.instant(rs.getLong(6)),
        rs.getInt(11) != 0,
        Handshakes.instant(rs.getLong(1)),
        hello.sni(),
        hello.versions(),
        hello.suites(),
        hello.alpnOffered(),
        hello.alpnChosen(),
        hello.version(),
        hello.suite(),
        hello.ja4(),
        chain);
  }

  /** A row the record refuses (a bad list text, an unknown source) is a damaged file. */
  private StoreException unreadable(String doing, Exception e) {
    if (e instanceof SQLException sql) {
      return StoreException.of(file, doing, sql);
    }
    return new StoreException(
        StoreException.Kind.CORRUPT, file, doing + " failed (corrupt): " + e.getMessage(), e);
  }

  @Override
  public synchronized HandshakeMaintenance maintain(long nowMillis) {
    long cutoff = Handshakes.millisToNanos(nowMillis - config.retention().toMillis());
    try (PreparedStatement expire = writer.prepareStatement("DELETE FROM handshake WHERE at < ?");
        PreparedStatement prune =
            writer.prepareStatement(
                "DELETE FROM handshake WHERE id IN"
                    + " (SELECT id FROM handshake ORDER BY at, id LIMIT ?)");
        Statement s = writer.createStatement()) {
      expire.setLong(1, cutoff);
      long expired = expire.executeUpdate();
      long over =
          Math.max(0, SqliteFiles.count(s, "SELECT count(*) FROM handshake") - maxHandshakes);
      if (over > 0) {
        prune.setLong(1, over);
        prune.executeUpdate();
      }
      long certificates = 0;
      for (String sql : CLEAN) {
        // The last statement deletes the certificates: its count is the one reported.
        certificates = s.executeUpdate(sql);
      }
      writer.commit();
      writeTables.forget();
      pruned.addAndGet(over);
      return new HandshakeMaintenance(expired, over, certificates);
    } catch (SQLException e) {
      throw failed("maintenance at " + nowMillis, e);
    }
  }

  @Override
  public Map<String, Long> losses() {
    long n = pruned.get();
    return n == 0 ? Map.of() : Map.of(PRUNED, n);
  }

  @Override
  public HandshakeStats stats() {
    return read(
        "reading statistics",
        s ->
            new HandshakeStats(
                SqliteFiles.count(s, "SELECT count(*) FROM handshake"),
                SqliteFiles.count(s, "SELECT count(*) FROM certificate"),
                SqliteFiles.bytesOnDisk(file)));
  }

  @Override
  void closeStatements() throws SQLException {
    readTables.close();
    writeTables.close();
    insert.close();
  }

  @Override
  void forgetWrites() throws SQLException {
    writeTables.forget();
    insert.clearBatch();
  }
}
