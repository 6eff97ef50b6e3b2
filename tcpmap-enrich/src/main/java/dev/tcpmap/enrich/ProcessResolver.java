package dev.tcpmap.enrich;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.Resolver;
import java.time.Instant;
import java.util.Objects;

/**
 * Names the ends of a connection by their processes where a live source saw them (the view without
 * Kubernetes): an end whose process {@code comm} is known is a {@link Endpoint.Kind#PROCESS}
 * endpoint named by it, with its IP; any other end is named by the delegate (by default its IP).
 * Thread-safe when the delegate is.
 */
public final class ProcessResolver implements Resolver {
  private final Resolver delegate;

  public ProcessResolver(Resolver delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Endpoint resolve(IpAddress ip, Instant at) {
    return delegate.resolve(ip, at);
  }

  @Override
  public Endpoint resolveClient(Connection connection) {
    return named(connection.details().client(), connection.client(), connection.start());
  }

  @Override
  public Endpoint resolveServer(Connection connection) {
    return named(connection.details().server(), connection.server(), connection.start());
  }

  private Endpoint named(ProcessInfo process, IpAddress ip, Instant at) {
    if (process.command().isEmpty()) {
      return delegate.resolve(ip, at);
    }
    return new Endpoint(ip, Endpoint.Kind.PROCESS, process.command(), "");
  }
}
