package dev.tcpmap.core.source;

import dev.tcpmap.core.model.Checks;

/**
 * How one live source is doing, for the status endpoint.
 *
 * @param name a stable name, e.g. {@code socket-tracer}
 * @param message why it failed or stopped, or what it watches; "" when there is nothing to say
 */
public record SourceStatus(String name, State state, String message) {

  /** A source's state. */
  public enum State {
    /** Delivering events. */
    RUNNING,
    /**
     * Running, but impaired and retrying on its own (e.g. the Kubernetes API unreachable: names are
     * missing until it answers); the message says what is wrong.
     */
    DEGRADED,
    /** Gave up after an error (the message says which). */
    FAILED,
    /** Stopped on purpose (shutdown). */
    STOPPED
  }

  public SourceStatus {
    Checks.nonNull("name state message", name, state, message);
  }
}
