package dev.tcpmap.core.aggregate;

import dev.tcpmap.core.model.Endpoint;
import java.util.Comparator;
import java.util.Objects;

/**
 * What connections are grouped by: who connected (client identity), to whom (server identity), on
 * which server port. The client port is not part of it: it is ephemeral.
 */
public record EdgeKey(Endpoint client, Endpoint server, int serverPort)
    implements Comparable<EdgeKey> {

  private static final Comparator<Endpoint> ENDPOINT_ORDER =
      Comparator.comparing(Endpoint::ip)
          .thenComparing(Endpoint::kind)
          .thenComparing(Endpoint::namespace)
          .thenComparing(Endpoint::name);

  private static final Comparator<EdgeKey> ORDER =
      Comparator.comparing(EdgeKey::client, ENDPOINT_ORDER)
          .thenComparing(EdgeKey::server, ENDPOINT_ORDER)
          .thenComparingInt(EdgeKey::serverPort);

  public EdgeKey {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    if (serverPort < 0 || serverPort > 65_535) {
      throw new IllegalArgumentException("serverPort out of range: " + serverPort);
    }
  }

  /** Orders by client IP, server IP, then server port (and identity, for a reused IP). */
  @Override
  public int compareTo(EdgeKey other) {
    return ORDER.compare(this, other);
  }

  /** The order of endpoints used throughout the API output: by IP, then identity. */
  public static Comparator<Endpoint> endpointOrder() {
    return ENDPOINT_ORDER;
  }
}
