package dev.tcpmap.query.tls;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * k8spacket's TLS connection: the handshakes between one client IP and one server IP and port,
 * shown by the newest one (k8spacket keeps one record per such triple and overwrites it with each
 * handshake).
 *
 * @param id a stable key of (client, server, server port): the same on every request and every
 *     agent (see {@link #id(IpAddress, IpAddress, int)})
 * @param newest the newest handshake (by capture time) of the triple in the window
 * @param certified the newest handshake of the triple in the window that carried the server's
 *     chain; a TLS 1.3 handshake never does, an earlier TLS 1.2 one to the same server may
 */
public record TlsConnection(String id, TlsHandshake newest, Optional<TlsHandshake> certified) {

  /** Newest first by capture time; ties in a fixed order so that answers are reproducible. */
  public static final Comparator<TlsHandshake> NEWEST_FIRST =
      Comparator.comparing(TlsHandshake::at)
          .reversed()
          .thenComparing(TlsHandshake::client)
          .thenComparingInt(TlsHandshake::clientPort)
          .thenComparing(TlsHandshake::server)
          .thenComparingInt(TlsHandshake::serverPort)
          .thenComparing(TlsHandshake::connectionStart);

  public TlsConnection {
    Checks.nonNull("id newest certified", id, newest, certified);
  }

  /**
   * The id of (client, server, port): the first 8 bytes of SHA-256 over {@code
   * "<client>|<server>|<port>"} (addresses as text, RFC 5952 for IPv6), as 16 lower-case hex
   * digits. k8spacket's id is an in-memory counter, different on each agent and after each restart;
   * a hash keeps Grafana's links from the list to the details valid across agents and restarts.
   */
  public static String id(IpAddress client, IpAddress server, int port) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((client + "|" + server + "|" + port).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The connections of the handshakes captured within {@code range} (a handshake is an instant,
   * {@link TlsHandshake#at()}), ordered by client, server, port.
   */
  public static List<TlsConnection> of(Collection<TlsHandshake> handshakes, TimeRange range) {
    Map<Key, List<TlsHandshake>> byKey = new TreeMap<>();
    for (TlsHandshake h : handshakes) {
      if (range.overlaps(h.at(), h.at())) {
        byKey.computeIfAbsent(Key.of(h), k -> new ArrayList<>()).add(h);
      }
    }
    List<TlsConnection> out = new ArrayList<>(byKey.size());
    byKey.forEach(
        (key, list) -> {
          list.sort(NEWEST_FIRST);
          Optional<TlsHandshake> certified =
              list.stream().filter(h -> h.certificate().isPresent()).findFirst();
          out.add(new TlsConnection(key.id(), list.getFirst(), certified));
        });
    return out;
  }

  /** The one with {@code id}, if any handshake of the window has it. */
  public static Optional<TlsConnection> find(
      Collection<TlsHandshake> handshakes, TimeRange range, String id) {
    List<TlsHandshake> matching = new ArrayList<>();
    for (TlsHandshake h : handshakes) {
      if (Key.of(h).id().equals(id)) {
        matching.add(h);
      }
    }
    return of(matching, range).stream().findFirst();
  }

  private record Key(IpAddress client, IpAddress server, int port) implements Comparable<Key> {
    static Key of(TlsHandshake h) {
      return new Key(h.client(), h.server(), h.serverPort());
    }

    String id() {
      return TlsConnection.id(client, server, port);
    }

    @Override
    public int compareTo(Key other) {
      int c = client.compareTo(other.client);
      if (c == 0) {
        c = server.compareTo(other.server);
      }
      return c != 0 ? c : Integer.compare(port, other.port);
    }
  }
}
