package dev.tcpmap.store;

import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.TlsHandshake;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The interned parts of handshakes in an {@link SqliteHandshakeStore}, both ways, with a cache per
 * direction: hellos (every string of a handshake), certificates, and chains (certificate ids in
 * order). Ids come from {@code AUTOINCREMENT}, so an id is never reused for other content and a
 * cached id-to-value entry stays right forever; a cached value-to-id entry does not survive a
 * rollback (the row may not exist) or a maintenance (the row may have been deleted): {@link
 * #forget} after both.
 */
final class HandshakeTables {

  /** Cache entries per kind and direction; past it that cache starts over. */
  private static final int CACHE_LIMIT = 20_000;

  private static final String HELLO_COLUMNS =
      "sni, client_versions, client_suites, alpn_offered, alpn_chosen, version, suite, ja4";
  private static final String CERTIFICATE_COLUMNS =
      "subject, issuer, sans, not_before_s, not_before_ns, not_after_s, not_after_ns, serial";

  /** The strings of a handshake, which repeat for every handshake of one client to one name. */
  record Hello(
      String sni,
      List<String> versions,
      List<String> suites,
      List<String> alpnOffered,
      String alpnChosen,
      String version,
      String suite,
      String ja4) {

    static Hello of(TlsHandshake h) {
      return new Hello(
          h.sni(),
          h.clientVersions(),
          h.clientCipherSuites(),
          h.alpnOffered(),
          h.alpnChosen(),
          h.version(),
          h.cipherSuite(),
          h.ja4());
    }
  }

  private final InternedTable<Hello> hellos;
  private final InternedTable<Certificate> certificates;
  private final InternedTable<String> chains;
  private final PreparedStatement link;
  private final RowsById<Hello> helloById;
  private final RowsById<Certificate> certificateById;
  private final RowsById<List<Certificate>> chainById;

  /** Statements on {@code c}; a read-only connection may only call the reading methods. */
  HandshakeTables(Connection c) throws SQLException {
    hellos =
        new InternedTable<>(c, "hello", HELLO_COLUMNS, CACHE_LIMIT, HandshakeTables::bindHello);
    certificates =
        new InternedTable<>(
            c, "certificate", CERTIFICATE_COLUMNS, CACHE_LIMIT, HandshakeTables::bindCertificate);
    chains =
        new InternedTable<>(
            c, "chain", "certificates", CACHE_LIMIT, (s, key) -> s.setString(1, key));
    link =
        c.prepareStatement(
            "INSERT INTO chain_link(chain_id, position, certificate_id) VALUES (?, ?, ?)");
    helloById = RowsById.of(c, "hello", HELLO_COLUMNS, CACHE_LIMIT, HandshakeTables::readHello);
    certificateById =
        RowsById.of(
            c, "certificate", CERTIFICATE_COLUMNS, CACHE_LIMIT, HandshakeTables::readCertificate);
    chainById =
        new RowsById<>(
            c,
            "chain",
            "SELECT certificate_id FROM chain_link WHERE chain_id = ? ORDER BY position",
            CACHE_LIMIT,
            this::readChain);
  }

  /** The id of the hello, inserting it if new (inside the caller's transaction). */
  long hello(Hello hello) throws SQLException {
    return hellos.id(hello).id();
  }

  /** The id of the chain, inserting it and its certificates if new. */
  long chain(List<Certificate> chain) throws SQLException {
    List<Long> ids = new ArrayList<>(chain.size());
    for (Certificate c : chain) {
      ids.add(certificates.id(c).id());
    }
    InternedTable.Lookup found =
        chains.id(ids.stream().map(String::valueOf).collect(Collectors.joining(",")));
    if (found.inserted()) {
      for (int i = 0; i < ids.size(); i++) {
        link.setLong(1, found.id());
        link.setInt(2, i);
        link.setLong(3, ids.get(i));
        link.executeUpdate();
      }
    }
    return found.id();
  }

  Hello hello(long id) throws SQLException {
    return helloById.get(id);
  }

  List<Certificate> chain(long id) throws SQLException {
    return chainById.get(id);
  }

  private static Hello readHello(long id, ResultSet rs) throws SQLException {
    return new Hello(
        rs.getString(1),
        Handshakes.decode(rs.getString(2)),
        Handshakes.decode(rs.getString(3)),
        Handshakes.decode(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  /** The certificate ids of the chain's links in order, then the certificates. */
  private List<Certificate> readChain(long id, ResultSet rs) throws SQLException {
    List<Long> ids = new ArrayList<>();
    do {
      ids.add(rs.getLong(1));
    } while (rs.next());
    List<Certificate> chain = new ArrayList<>(ids.size());
    for (long certificate : ids) {
      chain.add(certificateById.get(certificate));
    }
    return List.copyOf(chain);
  }

  private static Certificate readCertificate(long id, ResultSet rs) throws SQLException {
    return new Certificate(
        rs.getString(1),
        rs.getString(2),
        Handshakes.decode(rs.getString(3)),
        Instant.ofEpochSecond(rs.getLong(4), rs.getLong(5)),
        Instant.ofEpochSecond(rs.getLong(6), rs.getLong(7)),
        rs.getString(8));
  }

  /** Drops cached ids: rows of a rolled-back transaction or deleted by maintenance are gone. */
  void forget() {
    hellos.forget();
    certificates.forget();
    chains.forget();
  }

  void close() throws SQLException {
    hellos.close();
    certificates.close();
    chains.close();
    link.close();
    helloById.close();
    certificateById.close();
    chainById.close();
  }

  private static void bindHello(PreparedStatement s, Hello h) throws SQLException {
    s.setString(1, h.sni());
    s.setString(2, Handshakes.encode(h.versions()));
    s.setString(3, Handshakes.encode(h.suites()));
    s.setString(4, Handshakes.encode(h.alpnOffered()));
    s.setString(5, h.alpnChosen());
    s.setString(6, h.version());
    s.setString(7, h.suite());
    s.setString(8, h.ja4());
  }

  private static void bindCertificate(PreparedStatement s, Certificate c) throws SQLException {
    s.setString(1, c.subject());
    s.setString(2, c.issuer());
    s.setString(3, Handshakes.encode(c.sans()));
    s.setLong(4, c.notBefore().getEpochSecond());
    s.setLong(5, c.notBefore().getNano());
    s.setLong(6, c.notAfter().getEpochSecond());
    s.setLong(7, c.notAfter().getNano());
    s.setString(8, c.serial());
  }
}
