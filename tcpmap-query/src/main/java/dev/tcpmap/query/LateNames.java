package dev.tcpmap.query;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Resolver;
import java.time.Instant;

/**
 * The one rule for names that came after a connection was named (docs/architecture.md, "Names").
 *
 * <p>The aggregator names each end once, with the identity its address had at the connection's
 * start; a pod, a Service and a node stay as named then, whatever the address became since (pod IPs
 * are reused). An end named by less — a process, or an address known only by its IP — was not known
 * then: the cluster index had not synced yet, or the name of an external address came later (its
 * own handshake's SNI, a DNS answer, a reverse DNS lookup). Such an end is named when it is shown,
 * by what is known now of its address at the connection's time:
 *
 * <ul>
 *   <li>if the cluster now knows who held the address then (a pod, a Service, a node), that;
 *   <li>else, if it was named by its IP alone and now has an external name, that name;
 *   <li>else as it was named.
 * </ul>
 *
 * Thread-safe as the resolver is; never fails.
 */
public final class LateNames {
  private LateNames() {}

  /** {@code record} with each end named by the rule; the record itself when nothing changed. */
  public static ConnectionRecord of(ConnectionRecord record, Resolver now) {
    Connection c = record.connection();
    Endpoint client =
        settled(record.client()) ? record.client() : better(record.client(), now.resolveClient(c));
    Endpoint server =
        settled(record.server()) ? record.server() : better(record.server(), now.resolveServer(c));
    return client == record.client() && server == record.server()
        ? record
        : new ConnectionRecord(c, client, server);
  }

  /** {@code kept} named by the rule, looking its address up as of {@code at}. */
  public static Endpoint of(Endpoint kept, Resolver now, Instant at) {
    return settled(kept) ? kept : better(kept, now.resolve(kept.ip(), at));
  }

  /** Whether an end was named by the cluster: it stays. */
  private static boolean settled(Endpoint endpoint) {
    return switch (endpoint.kind()) {
      case POD, SERVICE, NODE -> true;
      case EXTERNAL, PROCESS -> false;
    };
  }

  // Runs for every unsettled end of every record a query reads: it returns {@code kept} itself
  // whenever the name did not change, so that the record is not copied and the edge map hashes
  // and compares the same instances; it formats the IP only when another name is on offer.
  private static Endpoint better(Endpoint kept, Endpoint now) {
    if (settled(now)) {
      return now;
    }
    if (now.kind() != Endpoint.Kind.EXTERNAL
        || kept.kind() != Endpoint.Kind.EXTERNAL
        || now.equals(kept)) {
      return kept;
    }
    boolean byIpOnly = kept.name().equals(kept.ip().toString());
    return byIpOnly ? now : kept;
  }
}
