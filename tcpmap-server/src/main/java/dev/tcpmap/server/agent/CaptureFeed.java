package dev.tcpmap.server.agent;

import dev.tcpmap.aggregate.LiveStore;
import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.handshake.HandshakeCollector;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.packet.PacketSink;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The capture thread's side of live TLS and DNS: decodes each packet, feeds the {@link
 * HandshakeCollector}, and queues what it reports for the agent's poll thread.
 *
 * <pre>
 *   capture thread                                 poll thread
 *     packet ─▶ decodeTransport ─▶ collector ─▶ queue (bounded) ─▶ {@link #drainTo} ─▶ LiveStore
 *     lost, collector problems ─▶ loss totals (published ≤ 1/s) ─▶ {@link #lossTotals}
 * </pre>
 *
 * <p>The capture thread never blocks on the poll thread: a full queue drops what it reports,
 * counted as {@code capture/queue-full}. {@link #packet}, {@link #lost}, {@link #tick} and {@link
 * #finish} run on the capture thread (or, for {@link #finish}, after it has ended); {@link
 * #drainTo} and {@link #lossTotals} on any one other thread.
 */
public final class CaptureFeed implements PacketSink, HandshakeCollector.Sink {
  /** About 10 s of a busy node's handshakes at the poll thread's 10 drains per second. */
  public static final int QUEUE_CAPACITY = 65_536;

  private static final long PUBLISH_NANOS = 1_000_000_000L;

  /** What the collector reported, on its way to the poll thread. */
  private sealed interface Seen {}

  private record Handshake(TlsHandshake handshake) implements Seen {}

  private record Name(DnsName name) implements Seen {}

  private final BlockingQueue<Seen> queue;
  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment segment = new TcpSegment();
  private final HandshakeCollector collector;
  private final Map<String, Long> captureLosses = new TreeMap<>();
  private long queueFull;
  private long nextPublish = System.nanoTime();
  private volatile Map<String, Long> published = Map.of();

  /**
   * @param queueCapacity most handshakes and names waiting for {@link #drainTo}
   * @param idleTimeout a followed connection with no packet for this long ends
   */
  public CaptureFeed(int queueCapacity, Duration idleTimeout) {
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.collector =
        new HandshakeCollector(HandshakeCollector.DEFAULT_MAX_FLOWS, idleTimeout, this);
  }

  @Override
  public void packet(RawPacket packet) {
    int kind = decoder.decodeTransport(packet, segment);
    if (kind == PacketDecoder.TCP) {
      collector.segment(segment, packet.data);
    } else if (kind == PacketDecoder.DNS) {
      collector.datagram(segment, packet.data);
    }
    publishIfDue();
  }

  @Override
  public void lost(String source, long count) {
    captureLosses.merge(source, count, Long::sum);
    publishIfDue();
  }

  /**
   * Ends the connections that went quiet (a handshake whose connection carries nothing more is
   * reported within the idle timeout, not at the next packet) and publishes the losses.
   */
  @Override
  public void tick(long epochNanos) {
    collector.advance(epochNanos);
    publishIfDue();
  }

  @Override
  public void handshake(TlsHandshake handshake) {
    offer(new Handshake(handshake));
  }

  @Override
  public void name(DnsName name) {
    offer(new Name(name));
  }

  /**
   * Ends every connection the collector still follows (reporting what each showed) and publishes
   * the final loss totals. Only once the capture thread has ended.
   */
  public void finish() {
    collector.finish();
    publish();
  }

  /** Moves what was queued into {@code store}. The poll thread's. */
  public void drainTo(LiveStore store) {
    for (Seen seen; (seen = queue.poll()) != null; ) {
      switch (seen) {
        case Handshake h -> store.handshake(h.handshake());
        case Name n -> store.name(n.name());
      }
    }
  }

  /**
   * Totals since capture began, by {@code source/reason}: kernel drops and sink errors ({@code
   * capture/…}), the collector's problems ({@code tls/…}, {@code dns/…}), {@code
   * capture/queue-full}. At most about a second old. Any thread.
   */
  public Map<String, Long> lossTotals() {
    return published;
  }

  private void offer(Seen seen) {
    if (!queue.offer(seen)) {
      queueFull++;
    }
  }

  private void publishIfDue() {
    long now = System.nanoTime();
    if (now - nextPublish >= 0) {
      nextPublish = now + PUBLISH_NANOS;
      publish();
    }
  }

  private void publish() {
    Map<String, Long> totals = new TreeMap<>(captureLosses);
    collector.tlsProblems().forEach((reason, count) -> totals.put("tls/" + reason, count));
    collector.dnsProblems().forEach((reason, count) -> totals.put("dns/" + reason, count));
    if (queueFull > 0) {
      totals.put("capture/queue-full", queueFull);
    }
    published = Map.copyOf(totals);
  }
}
