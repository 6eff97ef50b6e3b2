package dev.tcpmap.server.cluster;

import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.query.TimeRange;
import dev.tcpmap.server.metrics.PeerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Answers for the whole cluster: asks every peer of a {@link PeerDirectory} for its edges ({@code
 * GET /api/v1/peer/edges}) in parallel, answers for itself from memory, and merges the answers so
 * that each connection counts once (the client side's record wins; the rule and the Service
 * ClusterIP case are in {@link EdgeMerge}).
 *
 * <p>Time: one virtual thread per peer, all started at once; the caller waits until one deadline,
 * {@code timeout} after the start, and then no longer: a peer without a whole answer by then is
 * missing ({@code timeout}) and its request is cancelled. A call therefore returns within the
 * timeout plus the time to answer for itself and to merge, however many peers are slow.
 *
 * <p>Failures never fail the call: a peer that refuses the connection, times out, answers with
 * another status than 200, or answers something that is not a version-1 answer (or larger than
 * {@link #MAX_ANSWER_BYTES}) is a {@link MissingPeer} with its reason, and counted in {@link
 * PeerMetrics}.
 *
 * <p>This agent is the peer named {@link PeerDirectory#selfName()}; when the directory does not
 * name it, it is asked over HTTP like the others. Peers listed twice under one name are asked once.
 * Thread-safe: concurrent calls share one HTTP client and its connections.
 */
public final class FanOut implements AutoCloseable {
  /** The path every agent answers with its own edges. */
  public static final String PATH = "/api/v1/peer/edges";

  /**
   * The largest answer read, compressed or not: about 100,000 edges. An agent's answer holds one
   * edge per (client, server, port) and side it observed in the window.
   */
  public static final long MAX_ANSWER_BYTES = 64L << 20;

  private final PeerDirectory directory;
  private final Duration timeout;
  private final EdgeSource self;
  private final PeerMetrics metrics;
  private final InstantSource clock;
  private final long maxAnswerBytes;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client;

  /**
   * @param timeout how long a cluster-wide answer waits for the peers
   * @param self this agent's own edges
   * @param clock for {@code asOf} when no agent answered
   */
  public FanOut(
      PeerDirectory directory,
      Duration timeout,
      EdgeSource self,
      PeerMetrics metrics,
      InstantSource clock) {
    this(directory, timeout, self, metrics, clock, MAX_ANSWER_BYTES);
  }

  FanOut(
      PeerDirectory directory,
      Duration timeout,
      EdgeSource self,
      PeerMetrics metrics,
      InstantSource clock,
      long maxAnswerBytes) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.self = Objects.requireNonNull(self, "self");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.maxAnswerBytes = maxAnswerBytes;
    // HTTP/1.1: agents serve plain HTTP, where asking for HTTP/2 only adds an upgrade attempt.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(threads)
            .build();
  }

  /**
   * The cluster's edges in {@code range}; empty when the directory lists no peers (the caller then
   * answers for this agent alone, as without Kubernetes).
   */
  public Optional<ClusterEdges> collect(TimeRange range) {
    List<Peer> peers = distinctByName(directory.peers());
    if (peers.isEmpty()) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    String selfName = directory.selfName();
    Map<Peer, Future<Reply>> asked = new LinkedHashMap<>();
    for (Peer peer : peers) {
      if (selfName.isEmpty() || !peer.name().equals(selfName)) {
        asked.put(peer, threads.submit(() -> ask(peer, range)));
      }
    }
    Map<Peer, Reply> replies = new HashMap<>();
    for (Peer peer : peers) {
      if (!asked.containsKey(peer)) {
        replies.put(peer, new Answered(self.edges(range)));
      }
    }
    asked.forEach((peer, future) -> replies.put(peer, await(peer, future, deadline)));
    return Optional.of(merge(peers, replies));
  }

  private ClusterEdges merge(List<Peer> peers, Map<Peer, Reply> replies) {
    List<PeerEdges> answers = new ArrayList<>();
    Set<String> nodes = new HashSet<>();
    List<Peer> answered = new ArrayList<>();
    List<MissingPeer> missing = new ArrayList<>();
    Map<String, Long> losses = new HashMap<>();
    Instant asOf = null;
    for (Peer peer : peers) {
      switch (replies.get(peer)) {
        case Answered(PeerEdges edges) -> {
          answers.add(edges);
          nodes.add(peer.node());
          answered.add(peer);
          edges.losses().forEach((reason, n) -> losses.merge(reason, n, Math::addExact));
          asOf = asOf == null || edges.asOf().isBefore(asOf) ? edges.asOf() : asOf;
        }
        case Failed(MissingPeer why) -> missing.add(why);
      }
    }
    nodes.remove("");
    metrics.fanOut(
        peers.stream().map(Peer::name).toList(),
        missing.stream().map(m -> m.peer().name()).toList());
    return new ClusterEdges(
        EdgeMerge.merge(answers, nodes),
        losses,
        asOf == null ? clock.instant() : asOf,
        answered,
        missing);
  }

  /** What came of asking one peer. */
  private sealed interface Reply permits Answered, Failed {}

  private record Answered(PeerEdges edges) implements Reply {}

  private record Failed(MissingPeer missing) implements Reply {}

  /**
   * The peer's reply if it came before the deadline; a timeout (and a cancelled request) if not.
   */
  private Reply await(Peer peer, Future<Reply> future, long deadline) {
    Reply reply;
    try {
      reply = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      reply = failed(peer, MissingPeer.Reason.TIMEOUT, "no answer within " + timeout);
    } catch (ExecutionException e) {
      reply = failed(peer, MissingPeer.Reason.ERROR, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      // This request is being cancelled (the server stops): the answer will not be read anyway.
      future.cancel(true);
      Thread.currentThread().interrupt();
      reply = failed(peer, MissingPeer.Reason.ERROR, "interrupted");
    }
    metrics.request(
        peer.name(),
        switch (reply) {
          case Answered a -> PeerMetrics.Result.OK;
          case Failed(MissingPeer why) -> why.reason().result();
        });
    return reply;
  }

  /** One request, on its own virtual thread; every failure becomes a reason. */
  private Reply ask(Peer peer, TimeRange range) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri(peer, range))
              .timeout(timeout)
              .header("Accept", "application/json")
              .header("Accept-Encoding", "gzip")
              .GET()
              .build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return failed(peer, MissingPeer.Reason.HTTP_STATUS, "HTTP " + response.statusCode());
        }
        return new Answered(PeerEdgesJson.read(decoded(response, body)));
      }
    } catch (HttpTimeoutException e) {
      return failed(peer, MissingPeer.Reason.TIMEOUT, "no answer within " + timeout);
    } catch (ConnectException e) {
      return failed(peer, MissingPeer.Reason.REFUSED, "connection refused");
    } catch (MalformedAnswerException | BoundedInputStream.TooLargeException | ZipException e) {
      return failed(peer, MissingPeer.Reason.MALFORMED, e.getMessage());
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return failed(peer, MissingPeer.Reason.ERROR, e.toString());
    } catch (InterruptedException e) {
      // Cancelled at the deadline: the caller has already counted a timeout.
      Thread.currentThread().interrupt();
      return failed(peer, MissingPeer.Reason.TIMEOUT, "cancelled at the deadline");
    }
  }

  /** The body, gunzipped when it is compressed; both bounded by {@code maxAnswerBytes}. */
  private InputStream decoded(HttpResponse<?> response, InputStream body) throws IOException {
    InputStream in = new BoundedInputStream(body, maxAnswerBytes);
    if (response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) {
      in = new BoundedInputStream(new GZIPInputStream(in, 64 * 1024), maxAnswerBytes);
    }
    return in;
  }

  private static URI uri(Peer peer, TimeRange range) throws URISyntaxException {
    List<String> query = new ArrayList<>(2);
    if (range.hasFrom()) {
      query.add("from=" + range.fromMs());
    }
    if (range.hasTo()) {
      query.add("to=" + range.toMs());
    }
    // The multi-argument constructor brackets an IPv6 host.
    return new URI(
        "http",
        null,
        peer.host(),
        peer.port(),
        PATH,
        query.isEmpty() ? null : String.join("&", query),
        null);
  }

  private static Failed failed(Peer peer, MissingPeer.Reason reason, String message) {
    return new Failed(new MissingPeer(peer, reason, message));
  }

  private static List<Peer> distinctByName(List<Peer> peers) {
    Map<String, Peer> byName = new LinkedHashMap<>();
    peers.forEach(p -> byName.putIfAbsent(p.name(), p));
    return List.copyOf(byName.values());
  }

  /** Cancels requests in flight and stops the client. */
  @Override
  public void close() {
    threads.shutdownNow();
    client.shutdownNow();
  }
}
