package dev.tcpmap.enrich;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import java.time.Instant;

/**
 * A resolver that names, from {@link AddressNames}, the ends its base names only by their IP
 * ({@link Endpoint.Kind#EXTERNAL} with the IP text as name); pods, Services, nodes and processes
 * pass unchanged, and never cause a lookup. It is the base's fallback: the names the traffic gave
 * ({@code TrafficNames}, applied on top of it) still win. Never blocks.
 */
public final class AddressNamesResolver implements Resolver {
  private final Resolver base;
  private final AddressNames names;

  public AddressNamesResolver(Resolver base, AddressNames names) {
    this.base = base;
    this.names = names;
  }

  @Override
  public Endpoint resolve(IpAddress ip, Instant at) {
    return named(base.resolve(ip, at));
  }

  @Override
  public Endpoint resolveClient(Connection connection) {
    return named(base.resolveClient(connection));
  }

  @Override
  public Endpoint resolveServer(Connection connection) {
    return named(base.resolveServer(connection));
  }

  private Endpoint named(Endpoint endpoint) {
    if (endpoint.kind() != Endpoint.Kind.EXTERNAL
        || !endpoint.name().equals(endpoint.ip().toString())) {
      return endpoint;
    }
    return names
        .name(endpoint.ip())
        .map(name -> new Endpoint(endpoint.ip(), Endpoint.Kind.EXTERNAL, name, ""))
        .orElse(endpoint);
  }
}
