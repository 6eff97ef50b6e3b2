package dev.tcpmap.ebpf.socket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A live source of socket records: the eBPF socket tracer (ring buffer) and socket iterator. The
 * socket tracer implements it; tests implement it with recorded or synthetic records.
 */
public interface SocketSource extends AutoCloseable {

  /**
   * Delivers ring-buffer records (OPENED, CLOSED, LISTENING) that arrived within about {@code
   * timeout} to {@code sink}, on the calling thread (a platform thread: it runs native upcalls).
   *
   * @return how many records were delivered
   */
  int poll(Duration timeout, Consumer<SocketRecord> sink);

  /**
   * Runs the socket iterator once: every TCP socket alive now, as LIVE records with bytes so far,
   * and every listening socket as a LISTENING record. Safe to call from another thread than {@link
   * #poll}.
   */
  List<SocketRecord> iterate();

  /**
   * Runs the socket iterator once, handing each record to {@code sink} as it is read instead of
   * collecting them: a host with 200,000 sockets makes as many records per run, which as one list
   * outlived young collections and grew the heap. Same thread rules as {@link #iterate()}.
   */
  default void iterate(Consumer<SocketRecord> sink) {
    iterate().forEach(sink);
  }

  /**
   * Traces from now on only the sockets of these cgroups (ids, as {@link SocketRecord#cgroup()}),
   * replacing the ones given before. Only for a source opened with targeting; any thread.
   *
   * @throws UnsupportedOperationException when the source was opened without targeting
   */
  default void target(Set<Long> cgroups) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not target");
  }

  /**
   * What the source lost since it started, by reason token (e.g. "ring-buffer-full",
   * "untracked-close"), totals not deltas. Zero counts may be omitted.
   */
  Map<String, Long> losses();

  /** Detaches the programs and frees every native resource. Idempotent. */
  @Override
  void close();
}
