package dev.tcpmap.enrich;

import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionKey;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
 * a node, a process) keeps its name.
 *
 * <p>A stage of the event path: it learns from every {@link TlsHandshakeSeen} and {@link DnsAnswer}
 * as they pass, and keeps the newest {@code max} server names and as many answers (the oldest
 * forgotten first). Written by the event path only; {@link #over} answers from any thread at the
 * same time (the tables are concurrent maps of immutable arrays).
 */
public final class TrafficNames implements EventStage {
  /** How long a DNS answer names its address when its TTL is shorter. */
  public static final Duration HOLD = Duration.ofMinutes(5);

  private record Sighting(String name, Instant at, Instant until) {}

  private record Seen(IpAddress address, Sighting sighting) {}

  private static final Sighting[] NONE = new Sighting[0];

  private final int max;
  private final Map<ConnectionKey, String> sniByConnection = new ConcurrentHashMap<>();
  private final Map<IpAddress, Sighting[]> dnsByAddress = new ConcurrentHashMap<>();
  private final Map<IpAddress, Sighting[]> sniByAddress = new ConcurrentHashMap<>();
  private final ArrayDeque<ConnectionKey> connectionOrder = new ArrayDeque<>();
  private final ArrayDeque<Seen> dnsOrder = new ArrayDeque<>();
  private final ArrayDeque<Seen> sniOrder = new ArrayDeque<>();

  /**
   * @param max most server names and, apart, most DNS answers remembered
   */
  public TrafficNames(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    this.max = max;
  }

  @Override
  public void accept(Event event, Downstream next) {
    switch (event) {
      case TlsHandshakeSeen seen -> learn(seen.handshake());
      case DnsAnswer answer -> learn(answer.name());
      default -> {}
    }
    next.accept(event);
  }

  /** Learns the server name of a handshake. The event path's. */
  public void learn(TlsHandshake h) {
    if (h.sni().isEmpty()) {
      return;
    }
    ConnectionKey key = h.connection();
    if (sniByConnection.put(key, h.sni()) == null) {
      connectionOrder.addLast(key);
      if (connectionOrder.size() > max) {
        sniByConnection.remove(connectionOrder.removeFirst());
      }
    }
    add(sniByAddress, sniOrder, h.server(), new Sighting(h.sni(), h.at(), Instant.MAX));
  }

  /** Learns a DNS answer. The event path's. */
  public void learn(DnsName n) {
    Duration hold = n.ttl().compareTo(HOLD) > 0 ? n.ttl() : HOLD;
    add(dnsByAddress, dnsOrder, n.address(), new Sighting(n.name(), n.at(), n.at().plus(hold)));
  }

  /** Adds, newest first by time, and forgets the oldest learnt beyond {@code max}. */
  private void add(
      Map<IpAddress, Sighting[]> table,
      ArrayDeque<Seen> order,
      IpAddress address,
      Sighting sighting) {
    Sighting[] old = table.getOrDefault(address, NONE);
    Sighting[] grown = new Sighting[old.length + 1];
    int at = 0;
    // After those of the same time: of two sightings at one instant the first learnt wins.
    while (at < old.length && !old[at].at().isBefore(sighting.at())) {
      at++;
    }
    System.arraycopy(old, 0, grown, 0, at);
    grown[at] = sighting;
    System.arraycopy(old, at, grown, at + 1, old.length - at);
    table.put(address, grown);
    order.addLast(new Seen(address, sighting));
    if (order.size() > max) {
      forget(table, order.removeFirst());
    }
  }

  private static void forget(Map<IpAddress, Sighting[]> table, Seen seen) {
    Sighting[] old = table.get(seen.address());
    if (old == null) {
      return;
    }
    Sighting[] kept = Arrays.stream(old).filter(s -> s != seen.sighting()).toArray(Sighting[]::new);
    if (kept.length == 0) {
      table.remove(seen.address());
    } else {
      table.put(seen.address(), kept);
    }
  }

  /** {@code base}, with its external ends named by what the traffic said. Thread-safe. */
  public Resolver over(Resolver base) {
    Objects.requireNonNull(base, "base");
    return new Resolver() {
      @Override
      public Endpoint resolve(IpAddress ip, Instant at) {
        Endpoint endpoint = base.resolve(ip, at);
        return isExternal(endpoint) ? named(endpoint, null, at, at) : endpoint;
      }

      @Override
      public Endpoint resolveClient(Connection c) {
        Endpoint endpoint = base.resolveClient(c);
        return isExternal(endpoint) ? named(endpoint, null, c.start(), c.end()) : endpoint;
      }

      @Override
      public Endpoint resolveServer(Connection c) {
        Endpoint endpoint = base.resolveServer(c);
        if (!isExternal(endpoint)) {
          return endpoint;
        }
        return named(endpoint, sniByConnection.get(ConnectionKey.of(c)), c.start(), c.end());
      }
    };
  }

  private static boolean isExternal(Endpoint endpoint) {
    return endpoint.kind() == Endpoint.Kind.EXTERNAL;
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
  private static String newest(Sighting[] sightings, Instant by, Instant at) {
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
