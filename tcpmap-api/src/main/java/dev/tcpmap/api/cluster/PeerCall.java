package dev.tcpmap.api.cluster;

import dev.tcpmap.api.wire.MalformedAnswerException;
import dev.tcpmap.core.model.Checks;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterMerge;
import dev.tcpmap.query.cluster.PeerAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind of cluster-wide question for {@link FanOut}: the path every agent answers it on, how
 * this agent answers it from memory, how an answer is read, and how the answers are merged. The
 * fan-out does the asking, the deadline, the missing peers and the metrics.
 *
 * @param path the path agents answer on, with {@code from} and {@code to} as epoch milliseconds
 * @param own this agent's own answer, without a request; thread-safe
 * @param reader reads one peer's answer (already bounded and gunzipped), on the peer's own thread
 * @param merges a new, empty merge for each fan-out
 * @param <T> one agent's answer
 * @param <R> the merged answer
 */
public record PeerCall<T extends PeerAnswer, R>(
    String path,
    Function<TimeRange, T> own,
    Reader<T> reader,
    Supplier<ClusterMerge<T, R>> merges) {

  /** Reads one agent's answer. */
  @FunctionalInterface
  public interface Reader<T> {
    /**
     * @throws MalformedAnswerException when it is not an answer of the expected version
     * @throws IOException when reading the stream fails
     */
    T read(InputStream in) throws IOException, MalformedAnswerException;
  }

  public PeerCall {
    Checks.nonNull("path own reader merges", path, own, reader, merges);
  }
}
