package dev.tcpmap.enrich;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Names the external ends of connections by what the traffic said about them, the way a platform
 * engineer reads {@code api.stripe.com} rather than {@code 54.187.174.169}:
 *
 * <ol>
 *   <li>the server name (SNI) of a TLS handshake on that very connection;
 *   <li>a DNS answer for the address seen at or before the connection's start, for {@link #HOLD} or
 *       the answer's TTL if longer (clients keep using an address past its TTL, and a short TTL
 *       would otherwise leave most connections unnamed); the newest such answer wins;
 *   <li>the newest server name sent to that address in any handshake up to the connection's end.
 * </ol>
 *
 * Anything the base resolver names as other than {@link Endpoint.Kind#EXTERNAL} (a pod, a Service,
 * a node, a process) keeps its name. Built per question from one snapshot's handshakes and answers
 * (cost linear in them); immutable and thread-safe.
 */
public final class ExternalNames implements Resolver {
  /** How long a DNS answer names its address when its TTL is shorter. */
  public static final Duration HOLD = Duration.ofMinutes(5);

  /** A connection seen by a handshake: its 4-tuple and start. */
  private record ConnectionKey(
      IpAddress client, int clientPort, IpAddress server, int serverPort, Instant start) {}

  private record Sighting(String name, Instant at, Instant until) {}

  private final Resolver base;
  private final Map<ConnectionKey, String> sniByConnection = new HashMap<>();
  private final Map<IpAddress, List<Sighting>> dnsByAddress = new HashMap<>();
  private final Map<IpAddress, List<Sighting>> sniByAddress = new HashMap<>();

  private ExternalNames(Resolver base) {
    this.base = base;
  }

  /**
   * {@code base} when there is nothing to name by, else {@code base} with external ends named by
   * {@code handshakes} and {@code names}.
   */
  public static Resolver over(Resolver base, List<TlsHandshake> handshakes, List<DnsName> names) {
    Objects.requireNonNull(base, "base");
    if (handshakes.isEmpty() && names.isEmpty()) {
      return base;
    }
    ExternalNames external = new ExternalNames(base);
    for (TlsHandshake h : handshakes) {
      if (h.sni().isEmpty()) {
        continue;
      }
      external.sniByConnection.put(
          new ConnectionKey(
              h.client(), h.clientPort(), h.server(), h.serverPort(), h.connectionStart()),
          h.sni());
      external
          .sniByAddress
          .computeIfAbsent(h.server(), k -> new ArrayList<>())
          .add(new Sighting(h.sni(), h.at(), Instant.MAX));
    }
    for (DnsName n : names) {
      Duration hold = n.ttl().compareTo(HOLD) > 0 ? n.ttl() : HOLD;
      external
          .dnsByAddress
          .computeIfAbsent(n.address(), k -> new ArrayList<>())
          .add(new Sighting(n.name(), n.at(), n.at().plus(hold)));
    }
    Comparator<Sighting> newestFirst = Comparator.comparing(Sighting::at).reversed();
    external.dnsByAddress.values().forEach(list -> list.sort(newestFirst));
    external.sniByAddress.values().forEach(list -> list.sort(newestFirst));
    return external;
  }

  @Override
  public Endpoint resolve(IpAddress ip, Instant at) {
    Endpoint endpoint = base.resolve(ip, at);
    return endpoint.kind() != Endpoint.Kind.EXTERNAL ? endpoint : named(endpoint, null, at, at);
  }

  @Override
  public Endpoint resolveClient(Connection c) {
    Endpoint endpoint = base.resolveClient(c);
    return endpoint.kind() != Endpoint.Kind.EXTERNAL
        ? endpoint
        : named(endpoint, null, c.start(), c.end());
  }

  @Override
  public Endpoint resolveServer(Connection c) {
    Endpoint endpoint = base.resolveServer(c);
    if (endpoint.kind() != Endpoint.Kind.EXTERNAL) {
      return endpoint;
    }
    String sni =
        sniByConnection.get(
            new ConnectionKey(c.client(), c.clientPort(), c.server(), c.serverPort(), c.start()));
    return named(endpoint, sni, c.start(), c.end());
  }

  private Endpoint named(Endpoint endpoint, String own, Instant start, Instant end) {
    String name = own;
    if (name == null) {
      name = newest(dnsByAddress.get(endpoint.ip()), start, start);
    }
    if (name == null) {
      name = newest(sniByAddress.get(endpoint.ip()), end, start);
    }
    return name == null ? endpoint : new Endpoint(endpoint.ip(), Endpoint.Kind.EXTERNAL, name, "");
  }

  /** The newest sighting made at or before {@code by} that still holds at {@code at}. */
  private static String newest(List<Sighting> sightings, Instant by, Instant at) {
    if (sightings == null) {
      return null;
    }
    for (Sighting s : sightings) {
      if (!s.at().isAfter(by)) {
        return at.isAfter(s.until()) ? null : s.name();
      }
    }
    return null;
  }
}
