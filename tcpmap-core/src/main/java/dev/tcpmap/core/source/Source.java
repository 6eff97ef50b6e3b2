package dev.tcpmap.core.source;

import dev.tcpmap.core.event.EventSink;
import java.util.List;

/**
 * Where events come from: the eBPF socket tracer (with its socket iterator), live packet capture, a
 * capture file, the certificate probes, the Kubernetes watch (its losses), the lookups of address
 * names. A new source is one class implementing this and one line of wiring.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #start} begins delivering to {@code sink}, on the source's own threads; a finite
 *       source (a capture file) may deliver everything on the calling thread before it returns.
 *       Events of one connection come in order (opened, progress, closed) from one thread. A sink
 *       may be called from several sources' threads at once; the pipeline serializes them.
 *   <li>A failure to start that the user can fix (a missing capability, a missing file) is thrown
 *       from {@link #start} with a one-line message; a failure later leaves the source {@code
 *       failed} in its {@link #status}, with the reason, and never throws into the sink's caller.
 *   <li>What a source could not deliver is an {@code EventsLost} in the stream, never a silent
 *       drop.
 *   <li>{@link #stop} delivers what the source still holds (held closes, handshakes being read),
 *       then stops; no event comes after it returns. Idempotent.
 * </ul>
 */
public interface Source extends AutoCloseable {

  /** Starts delivering events to {@code sink}. Called once. */
  void start(EventSink sink);

  /**
   * The state of each part of the source, for {@code /api/v1/status}: one entry, or several where
   * parts can fail apart (the tracer and its iterator). Any thread.
   */
  List<SourceStatus> status();

  /** Delivers what is still held and stops. Idempotent. */
  void stop();

  @Override
  default void close() {
    stop();
  }
}
