package dev.tcpmap.core.model;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Names an address as it was at a given time (pod IPs are reused). Implementations must be
 * thread-safe and fast (a map lookup): they run on the query and event paths. Never returns null.
 */
@FunctionalInterface
public interface Resolver {

  /** Names every address by its IP text: the view without Kubernetes. */
  Resolver IP_ONLY = (ip, at) -> Endpoint.ofIp(ip);

  Endpoint resolve(IpAddress ip, Instant at);

  /**
   * Names the client end of {@code connection}. A resolver that knows more than addresses (the
   * processes of a live source) overrides it; by default the client's IP at the start.
   */
  default Endpoint resolveClient(Connection connection) {
    return resolve(connection.client(), connection.start());
  }

  /** Names the server end of {@code connection}; by default the server's IP at the start. */
  default Endpoint resolveServer(Connection connection) {
    return resolve(connection.server(), connection.start());
  }

  /**
   * This resolver with each of its answers passed through {@code after}: a resolver that refines or
   * shares names without repeating how each end is resolved.
   */
  default Resolver map(UnaryOperator<Endpoint> after) {
    Resolver base = this;
    return new Resolver() {
      @Override
      public Endpoint resolve(IpAddress ip, Instant at) {
        return after.apply(base.resolve(ip, at));
      }

      @Override
      public Endpoint resolveClient(Connection connection) {
        return after.apply(base.resolveClient(connection));
      }

      @Override
      public Endpoint resolveServer(Connection connection) {
        return after.apply(base.resolveServer(connection));
      }
    };
  }
}
