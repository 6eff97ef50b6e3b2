package dev.tcpmap.api.metrics.remote;

import dev.tcpmap.api.metrics.remote.WriteRequests.Series;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.xerial.snappy.Snappy;

/**
 * Remote write 1.0: every {@code every}, the registry's samples are queued as snappy-compressed
 * {@code WriteRequest}s of at most {@value #MAX_SERIES_PER_REQUEST} series, and one sender thread
 * posts them in order.
 *
 * <pre>
 *   collector (every `every`) ──▶ [queue: ≤ maxQueuedSamples] ──▶ sender ──POST──▶ receiver
 *        full: the oldest request out, its samples counted        2xx: sent
 *                                                                 4xx but 429: dropped, counted
 *                                                                 5xx, 429, I/O, timeout: retried
 *                                                                   after 0.5 s, 1 s, … 30 s
 * </pre>
 *
 * Memory is the queue's bound (compressed, a few bytes per sample) and the one request in flight. A
 * slow or absent receiver never blocks the agent: the collector only queues. Requests are sent
 * oldest first so that each series' samples arrive in time order, as receivers require. What it did
 * is in {@code tcpmap_remote_write_*}, which it also writes.
 */
public final class RemoteWriter implements AutoCloseable {
  /** Series per request: what Prometheus' own remote write sends at most (max_samples_per_send). */
  static final int MAX_SERIES_PER_REQUEST = 2_000;

  private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private record Request(byte[] body, int samples) {}

  private final RemoteWriteConfig config;
  private final PrometheusRegistry registry;
  private final InstantSource clock;
  private final HttpClient http;
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private int queuedSamples;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread collector;
  private final Thread sender;
  private final Counter sent;
  private final Counter dropped;
  private final Counter requests;
  private final Gauge queued;

  private RemoteWriter(RemoteWriteConfig config, PrometheusRegistry registry, InstantSource clock) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.http = config.credentials().client(config.timeout());
    sent =
        Counter.builder()
            .name("tcpmap_remote_write_samples_sent_total")
            .help("Samples the remote-write receiver accepted")
            .withoutExemplars()
            .register(registry);
    dropped =
        Counter.builder()
            .name("tcpmap_remote_write_samples_dropped_total")
            .help(
                "Samples not written: queue-full (the oldest pushed out while the receiver was"
                    + " slow or away), rejected (a 4xx answer other than 429)")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);
    requests =
        Counter.builder()
            .name("tcpmap_remote_write_requests_total")
            .help("Remote-write requests by result: ok, rejected, retried (5xx, 429, I/O, timeout)")
            .labelNames("result")
            .withoutExemplars()
            .register(registry);
    queued =
        Gauge.builder()
            .name("tcpmap_remote_write_queued_samples")
            .help("Samples waiting to be sent")
            .withoutExemplars()
            .register(registry);
    dropped.labelValues("queue-full");
    dropped.labelValues("rejected");
    this.collector =
        Thread.ofPlatform()
            .name("tcpmap-remote-write-collect")
            .daemon()
            .unstarted(this::collectLoop);
    this.sender =
        Thread.ofPlatform().name("tcpmap-remote-write-send").daemon().unstarted(this::sendLoop);
  }

  /**
   * Starts writing {@code registry}'s samples (its own among them, registered there).
   *
   * @throws IllegalArgumentException when the CA file cannot be read as PEM certificates
   */
  public static RemoteWriter start(
      RemoteWriteConfig config, PrometheusRegistry registry, InstantSource clock) {
    RemoteWriter writer = new RemoteWriter(config, registry, clock);
    writer.collector.start();
    writer.sender.start();
    return writer;
  }

  /** Queues the registry's samples as of now. Also called by the collector thread. */
  void collectOnce() {
    List<Series> series =
        SnapshotSeries.of(registry.scrape(), config.externalLabels(), clock.millis());
    for (int from = 0; from < series.size(); from += MAX_SERIES_PER_REQUEST) {
      List<Series> part =
          series.subList(from, Math.min(series.size(), from + MAX_SERIES_PER_REQUEST));
      byte[] body;
      try {
        body = Snappy.compress(WriteRequests.encode(part));
      } catch (IOException e) {
        throw new IllegalStateException("snappy failed to compress a byte array", e);
      }
      enqueue(new Request(body, part.size()));
    }
  }

  private synchronized void enqueue(Request request) {
    while (!queue.isEmpty() && queuedSamples + request.samples() > config.maxQueuedSamples()) {
      Request oldest = queue.removeFirst();
      queuedSamples -= oldest.samples();
      dropped.labelValues("queue-full").inc(oldest.samples());
    }
    if (request.samples() > config.maxQueuedSamples()) {
      dropped.labelValues("queue-full").inc(request.samples());
    } else {
      queue.addLast(request);
      queuedSamples += request.samples();
    }
    queued.set(queuedSamples);
    notifyAll();
  }

  private synchronized Request take() throws InterruptedException {
    while (queue.isEmpty()) {
      if (stopping.getCount() == 0) {
        return null;
      }
      wait(1_000);
    }
    Request request = queue.removeFirst();
    queuedSamples -= request.samples();
    queued.set(queuedSamples);
    return request;
  }

  private void collectLoop() {
    try {
      do {
        collectOnce();
      } while (!stopping.await(config.every().toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sendLoop() {
    try {
      Request request;
      while ((request = take()) != null) {
        deliver(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends until accepted, rejected, or stopped; waits longer after each retry. */
  private void deliver(Request request) throws InterruptedException {
    Duration backoff = MIN_BACKOFF;
    while (stopping.getCount() > 0) {
      int status = post(request);
      if (status / 100 == 2) {
        requests.labelValues("ok").inc();
        sent.inc(request.samples());
        return;
      }
      if (status / 100 == 4 && status != 429) {
        // The receiver refuses these samples (out of order, too old, bad labels): as Prometheus'
        // own remote write, they are dropped rather than retried forever.
        requests.labelValues("rejected").inc();
        dropped.labelValues("rejected").inc(request.samples());
        return;
      }
      requests.labelValues("retried").inc();
      if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  /** The receiver's status, or 0 when there was no answer (refused, reset, timeout). */
  private int post(Request request) throws InterruptedException {
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(config.url())
              .timeout(config.timeout())
              .header("Content-Encoding", "snappy")
              .header("Content-Type", "application/x-protobuf")
              .header("X-Prometheus-Remote-Write-Version", "0.1.0")
              .header("User-Agent", "tcpmap")
              .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
      return http.send(
              config.credentials().authorize(builder).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Stops collecting and sending at once; what is still queued is not sent. Idempotent. */
  @Override
  public void close() {
    stopping.countDown();
    synchronized (this) {
      notifyAll();
    }
    try {
      collector.join(5_000);
      sender.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
  }
}
