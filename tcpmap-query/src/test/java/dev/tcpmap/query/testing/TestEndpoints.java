package dev.tcpmap.query.testing;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import java.time.Instant;

/** Named ends for the query's unit tests, and a resolver whose answer changes over time. */
public final class TestEndpoints {
  private TestEndpoints() {}

  /** A pod with no known workload or node. */
  public static Endpoint pod(String ip, String name, String namespace) {
    return new Endpoint(IpAddress.parse(ip), Kind.POD, name, namespace);
  }

  public static Endpoint service(String ip, String name, String namespace) {
    return new Endpoint(IpAddress.parse(ip), Kind.SERVICE, name, namespace);
  }

  /** An address nothing names. */
  public static Endpoint external(String ip) {
    return Endpoint.ofIp(IpAddress.parse(ip));
  }

  /**
   * A pod IP reused by another pod: {@code ip} is pod {@code ns/old} before {@code renamed} and
   * {@code ns/new} from then on; every other address is a bare IP.
   */
  public static Resolver reusedAt(String ip, Instant renamed) {
    IpAddress reused = IpAddress.parse(ip);
    return (address, time) ->
        address.equals(reused)
            ? new Endpoint(address, Kind.POD, time.isBefore(renamed) ? "old" : "new", "ns")
            : Endpoint.ofIp(address);
  }
}
