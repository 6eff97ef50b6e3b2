package dev.tcpmap.enrich;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Resolver;

/**
 * Makes a resolver that names, from {@link AddressNames}, the ends its base names only by their IP
 * ({@link Endpoint.Kind#EXTERNAL} with the IP text as name); pods, Services, nodes and processes
 * pass unchanged, and never cause a lookup. It is the base's fallback: the names the traffic gave
 * ({@code TrafficNames}, applied on top of it) still win. Never blocks.
 */
public final class AddressNamesResolver {
  private AddressNamesResolver() {}

  /** {@code base}, with the ends it names only by their IP named from {@code names}. */
  public static Resolver over(Resolver base, AddressNames names) {
    return base.map(endpoint -> named(endpoint, names));
  }

  private static Endpoint named(Endpoint endpoint, AddressNames names) {
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
