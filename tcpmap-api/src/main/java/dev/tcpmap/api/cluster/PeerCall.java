package dev.tcpmap.api.cluster;

import dev.tcpmap.api.wire.MalformedAnswerException;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterMerge;
import dev.tcpmap.query.cluster.PeerAnswer;
import java.io.IOException;
import java.io.InputStream;

/**
 * One kind of cluster-wide question for {@link FanOut#collect(PeerCall, TimeRange)}: the path every
 * agent answers it on, how this agent answers it from memory, how an answer is read, and how the
 * answers are merged. The fan-out does the asking, the deadline, the missing peers and the metrics.
 *
 * @param <T> one agent's answer
 * @param <R> the merged answer
 */
public interface PeerCall<T extends PeerAnswer, R> {
  /** The path agents answer on, with {@code from} and {@code to} as epoch milliseconds. */
  String path();

  /** This agent's own answer, without a request. Thread-safe. */
  T self(TimeRange range);

  /**
   * Reads one peer's answer (already bounded and gunzipped); called on the peer's own thread.
   *
   * @throws MalformedAnswerException when it is not an answer of the expected version
   * @throws IOException when reading the stream fails
   */
  T read(InputStream in) throws IOException, MalformedAnswerException;

  /** A new, empty merge for one fan-out. */
  ClusterMerge<T, R> merge();
}
