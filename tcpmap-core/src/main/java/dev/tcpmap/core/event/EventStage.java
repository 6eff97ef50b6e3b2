package dev.tcpmap.core.event;

/**
 * One stage of the event path between the sources and the aggregator (see docs/architecture.md): it
 * sees every event in order and hands on what the next stage should see — the event, a changed one,
 * several, or none (the certificate probes drop the handshakes of their own connections and
 * complete the others with a cached chain).
 *
 * <p>Threading: called by one thread at a time (the pipeline serializes its stages), never
 * concurrently; a stage keeps its state without locks. It must not block: sources wait behind it.
 */
@FunctionalInterface
public interface EventStage {

  /**
   * Takes one event; hands on with {@link Downstream#accept}, counts with {@link Downstream#count}.
   */
  void accept(Event event, Downstream next);

  /** Where a stage hands events on. */
  interface Downstream extends EventSink {
    /**
     * Counts one occurrence of {@code kind} in the events totals of {@code /api/v1/status} (e.g.
     * {@code probe-handshake}: a handshake a stage recognised as tcpmap's own and dropped).
     */
    void count(String kind);
  }
}
