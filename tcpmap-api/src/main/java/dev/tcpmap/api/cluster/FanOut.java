package dev.tcpmap.api.cluster;

import dev.tcpmap.api.metrics.PeerMetrics;
import dev.tcpmap.api.wire.MalformedAnswerException;
import dev.tcpmap.api.wire.PeerEdgesJson;
import dev.tcpmap.api.wire.PeerTlsJson;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.cluster.ClusterMerge;
import dev.tcpmap.query.cluster.EdgeMerge;
import dev.tcpmap.query.cluster.MissingPeer;
import dev.tcpmap.query.cluster.PeerAnswer;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.cluster.TlsMerge;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.service.ClusterView;
import dev.tcpmap.query.service.LocalView;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Answers for the whole cluster: asks every peer of a {@link PeerDirectory} one question in
 * parallel, answers for itself from memory, and merges the answers. The question is a {@link
 * PeerCall} (its path, reader and merge): the edges ({@code GET /api/v1/peer/edges}, merged so that
 * each connection counts once: the client side's record wins; the rule and the Service ClusterIP
 * case are in {@link EdgeMerge}) or the TLS handshakes ({@code GET /api/v1/peer/tls}, see {@link
 * TlsMerge}).
 *
 * <p>Time: one virtual thread per peer, all started at once, each reading and parsing its peer's
 * answer; the caller merges the answers as they arrive, until one deadline {@code timeout} after
 * the start, and then waits no longer: a peer without a whole answer by then is missing ({@code
 * timeout}) and its request is cancelled. A call therefore returns within the timeout plus the time
 * to answer for itself and to merge the server-side edges, however many peers are slow.
 *
 * <p>Failures never fail the call: a peer that refuses the connection, times out, answers with
 * another status than 200, or answers something that is not a version-1 answer (or larger than
 * {@link #MAX_ANSWER_BYTES}, compressed or not) is a {@link MissingPeer} with its reason, and
 * counted in {@link PeerMetrics}.
 *
 * <p>This agent is the peer named {@link PeerDirectory#selfName()}; when the directory does not
 * name it, it is asked over HTTP like the others. Peers listed twice under one name are asked once.
 * Thread-safe: concurrent calls share one HTTP client and its connections.
 */
public final class FanOut implements ClusterView, AutoCloseable {
  /** The path every agent answers with its own edges. */
  public static final String EDGES_PATH = "/api/v1/peer/edges";

  /** The path every agent answers with its own handshakes. */
  public static final String TLS_PATH = "/api/v1/peer/tls";

  /**
   * The largest answer read, compressed or not: about 100,000 edges, or 100,000 handshakes without
   * a certificate chain and a third of that with real chains. An agent's answer holds one edge per
   * (client, server, port) and side it observed in the window, or every handshake captured in it.
   */
  public static final long MAX_ANSWER_BYTES = 64L << 20;

  private final PeerDirectory directory;
  private final Duration timeout;
  private final PeerCall<PeerEdges, List<EdgeStats>> edges;
  private final PeerCall<PeerTls, List<TlsHandshake>> tls;
  private final PeerMetrics metrics;
  private final InstantSource clock;
  private final long maxAnswerBytes;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client;
  private final PeerTransport transport;

  /**
   * @param timeout how long a cluster-wide answer waits for the peers
   * @param self this agent's own answers
   * @param clock for {@code asOf} when no agent answered
   */
  public FanOut(
      PeerDirectory directory,
      Duration timeout,
      LocalView self,
      PeerMetrics metrics,
      InstantSource clock) {
    this(directory, timeout, self, metrics, clock, PeerTransport.PLAIN);
  }

  /** As the agents serve: over HTTPS and with a token when {@code transport} says. */
  public FanOut(
      PeerDirectory directory,
      Duration timeout,
      LocalView self,
      PeerMetrics metrics,
      InstantSource clock,
      PeerTransport transport) {
    this(directory, timeout, self, metrics, clock, transport, MAX_ANSWER_BYTES);
  }

  FanOut(
      PeerDirectory directory,
      Duration timeout,
      LocalView self,
      PeerMetrics metrics,
      InstantSource clock,
      PeerTransport transport,
      long maxAnswerBytes) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(self, "self");
    this.edges = new PeerCall<>(EDGES_PATH, self::edges, PeerEdgesJson::read, FanOut::edgeMerge);
    this.tls = new PeerCall<>(TLS_PATH, self::tls, PeerTlsJson::read, TlsMerge::new);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.maxAnswerBytes = maxAnswerBytes;
    this.transport = Objects.requireNonNull(transport, "transport");
    // HTTP/1.1: agents serve HTTP/1.1 only, where asking for HTTP/2 only adds an upgrade attempt.
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(threads);
    transport.tls().ifPresent(builder::sslContext);
    this.client = builder.build();
  }

  /**
   * The cluster's edges in {@code range}; empty when the directory lists no peers (the caller then
   * answers for this agent alone, as without Kubernetes).
   */
  @Override
  public Optional<ClusterAnswer<List<EdgeStats>>> edges(TimeRange range) {
    return collect(edges, range);
  }

  /** The cluster's TLS handshakes in {@code range}, each once; empty without peers. */
  @Override
  public Optional<ClusterAnswer<List<TlsHandshake>>> tls(TimeRange range) {
    return collect(tls, range);
  }

  /**
   * Asks every peer {@code call}'s question for {@code range} and merges the answers (see the class
   * comment); empty when the directory lists no peers.
   */
  private <T extends PeerAnswer, R> Optional<ClusterAnswer<R>> collect(
      PeerCall<T, R> call, TimeRange range) {
    List<Peer> peers = distinctByName(directory.peers());
    if (peers.isEmpty()) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    String selfName = directory.selfName();
    BlockingQueue<Done<T>> done = new LinkedBlockingQueue<>();
    Map<Peer, Future<?>> asked = new LinkedHashMap<>();
    for (Peer peer : peers) {
      if (selfName.isEmpty() || !peer.name().equals(selfName)) {
        asked.put(peer, threads.submit(() -> done.add(new Done<>(peer, ask(call, peer, range)))));
      }
    }
    // Answers are merged as they arrive, while other peers are still being read: after the
    // deadline only what the merge leaves to its end (the edges' server sides) is left.
    ClusterMerge<T, R> merge = call.merges().get();
    Map<Peer, Reply<T>> replies = new HashMap<>();
    for (Peer peer : peers) {
      if (!asked.containsKey(peer)) {
        T own = call.own().apply(range);
        merge.add(own);
        replies.put(peer, new Answered<>(own));
      }
    }
    awaitUntil(deadline, asked, done, replies, merge);
    return Optional.of(finish(peers, replies, merge));
  }

  /** A peer's reply, handed from its thread to the caller's. */
  private record Done<T>(Peer peer, Reply<T> reply) {}

  /**
   * Takes replies until all have come or the deadline passed; cancels the requests left, which then
   * count as timeouts.
   */
  private <T extends PeerAnswer> void awaitUntil(
      long deadline,
      Map<Peer, Future<?>> asked,
      BlockingQueue<Done<T>> done,
      Map<Peer, Reply<T>> replies,
      ClusterMerge<T, ?> merge) {
    int pending = asked.size();
    try {
      while (pending > 0) {
        Done<T> next = done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
        pending--;
        replies.put(next.peer(), next.reply());
        if (next.reply() instanceof Answered<T>(T answer)) {
          merge.add(answer);
        }
      }
    } catch (InterruptedException e) {
      // This request is being cancelled (the server stops): what is missing is not read.
      Thread.currentThread().interrupt();
    }
    asked.forEach(
        (peer, future) -> {
          if (!replies.containsKey(peer)) {
            future.cancel(true);
            replies.put(
                peer, failed(peer, MissingPeer.Reason.TIMEOUT, "no answer within " + timeout));
          }
          metrics.request(
              peer.name(),
              switch (replies.get(peer)) {
                case Answered<T> a -> PeerMetrics.Result.OK;
                case Failed<T>(MissingPeer why) -> PeerMetrics.Result.of(why.reason());
              });
        });
  }

  private <T extends PeerAnswer, R> ClusterAnswer<R> finish(
      List<Peer> peers, Map<Peer, Reply<T>> replies, ClusterMerge<T, R> merge) {
    List<Peer> answered = new ArrayList<>();
    List<MissingPeer> missing = new ArrayList<>();
    Map<String, Long> losses = new HashMap<>();
    Instant asOf = null;
    for (Peer peer : peers) {
      switch (replies.get(peer)) {
        case Answered<T>(T answer) -> {
          answered.add(peer);
          answer.losses().forEach((reason, n) -> losses.merge(reason, n, Math::addExact));
          asOf = asOf == null || answer.asOf().isBefore(asOf) ? answer.asOf() : asOf;
        }
        case Failed<T>(MissingPeer why) -> missing.add(why);
      }
    }
    metrics.fanOut(
        peers.stream().map(Peer::name).toList(),
        missing.stream().map(m -> m.peer().name()).toList());
    return new ClusterAnswer<>(
        merge.finish(answered), losses, asOf == null ? clock.instant() : asOf, answered, missing);
  }

  /** What came of asking one peer. */
  private sealed interface Reply<T> permits Answered, Failed {}

  private record Answered<T>(T answer) implements Reply<T> {}

  private record Failed<T>(MissingPeer missing) implements Reply<T> {}

  /** One request, on its own virtual thread; every failure becomes a reason. */
  private <T extends PeerAnswer> Reply<T> ask(PeerCall<T, ?> call, Peer peer, TimeRange range) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri(transport.scheme(), peer, call.path(), range))
              .timeout(timeout)
              .header("Accept", "application/json")
              .header("Accept-Encoding", "gzip")
              .GET();
      transport.token().get().ifPresent(t -> request.header("Authorization", "Bearer " + t));
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return failed(peer, MissingPeer.Reason.HTTP_STATUS, "HTTP " + response.statusCode());
        }
        return new Answered<>(call.reader().read(decoded(response, body)));
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

  private static URI uri(String scheme, Peer peer, String path, TimeRange range)
      throws URISyntaxException {
    List<String> query = new ArrayList<>(2);
    if (range.hasFrom()) {
      query.add("from=" + range.fromMs());
    }
    if (range.hasTo()) {
      query.add("to=" + range.toMs());
    }
    // The multi-argument constructor brackets an IPv6 host.
    return new URI(
        scheme,
        null,
        peer.host(),
        peer.port(),
        path,
        query.isEmpty() ? null : String.join("&", query),
        null);
  }

  private static <T> Failed<T> failed(Peer peer, MissingPeer.Reason reason, String message) {
    return new Failed<>(new MissingPeer(peer, reason, message));
  }

  private static List<Peer> distinctByName(List<Peer> peers) {
    Map<String, Peer> byName = new LinkedHashMap<>();
    peers.forEach(p -> byName.putIfAbsent(p.name(), p));
    return List.copyOf(byName.values());
  }

  /** The edges' merge ({@link EdgeMerge}), told at its end which agents answered. */
  private static ClusterMerge<PeerEdges, List<EdgeStats>> edgeMerge() {
    EdgeMerge merge = new EdgeMerge();
    return new ClusterMerge<>() {
      @Override
      public void add(PeerEdges answer) {
        merge.add(answer);
      }

      @Override
      public List<EdgeStats> finish(List<Peer> answered) {
        // The server-side rule needs the nodes whose agents answered; "" is no node.
        Set<String> nodes = new HashSet<>();
        answered.forEach(p -> nodes.add(p.node()));
        nodes.remove("");
        return merge.finish(nodes);
      }
    };
  }

  /** Cancels requests in flight and stops the client. */
  @Override
  public void close() {
    threads.shutdownNow();
    client.shutdownNow();
  }
}
