package dev.tcpmap.capture.dns;

import dev.tcpmap.capture.decode.Nanos;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.event.DnsLookupEnded;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.IpAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Matches DNS queries over UDP to their responses: same id, same 5-tuple reversed (RFC 5452 §9.1:
 * what a resolver itself checks before it accepts an answer), and reports each as a {@link
 * DnsLookupEnded}: with the response's code when it came, as unanswered when none came within the
 * timeout (capture clock), as unknown when the input ended first.
 *
 * <p>A query repeated with the same id on the same 5-tuple (a retransmission) is the same lookup,
 * timed from its first copy. A response with no query pending (the capture began after the query,
 * the response came from another address than the one asked, or it answers a query already given
 * up) makes no lookup; the addresses it names are still read by the handshake collector.
 *
 * <p><b>Bounded</b>: at most {@code maxPending} queries await an answer; a new one beyond that
 * drops the oldest, counted as {@code EventsLost("dns", "query-evicted")} (not reported as
 * unanswered: nobody knows).
 *
 * <p>Single-threaded: the decode loop's thread.
 */
public final class DnsLookups {
  private static final long NO_TIME = Long.MIN_VALUE;

  private final EventSink sink;
  private final long timeoutNanos;
  private final int maxPending;
  private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
  private long now = NO_TIME;

  public DnsLookups(Duration timeout, int maxPending, EventSink sink) {
    this.timeoutNanos = timeout.toNanos();
    this.maxPending = maxPending;
    this.sink = sink;
  }

  /** A query and its 5-tuple, the client first. */
  private record Key(IpAddress client, int clientPort, IpAddress server, int serverPort, int id) {}

  private record Pending(long atNanos, String name, int type) {}

  /** Takes a well-formed DNS message carried by the datagram {@code s} (its tuple and time). */
  public void message(TcpSegment s, DnsMessage message) {
    advance(s.timestampNanos);
    if (message.opcode() != 0) {
      return; // NOTIFY, UPDATE: not lookups
    }
    if (!message.response()) {
      query(new Key(s.source(), s.srcPort, s.destination(), s.dstPort, message.id()), s, message);
      return;
    }
    Key key = new Key(s.destination(), s.dstPort, s.source(), s.srcPort, message.id());
    Pending query = pending.remove(key);
    if (query == null) {
      return;
    }
    report(
        key,
        query,
        Optional.of(Duration.ofNanos(Nanos.since(query.atNanos, s.timestampNanos))),
        message.rcode(),
        message.facts().size());
  }

  /** Moves the capture clock; reports the queries unanswered for the timeout. */
  public void advance(long epochNanos) {
    if (epochNanos <= now) {
      return;
    }
    now = epochNanos;
    for (Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (Nanos.since(entry.getValue().atNanos, now) < timeoutNanos) {
        break;
      }
      it.remove();
      report(entry.getKey(), entry.getValue(), Optional.empty(), DnsLookup.UNANSWERED, 0);
    }
  }

  /** End of input: the queries still within their timeout are reported unknown, oldest first. */
  public void finish() {
    pending.forEach((key, query) -> report(key, query, Optional.empty(), DnsLookup.UNKNOWN, 0));
    pending.clear();
    now = NO_TIME;
  }

  private void query(Key key, TcpSegment s, DnsMessage message) {
    if (pending.containsKey(key)) {
      return;
    }
    if (pending.size() >= maxPending) {
      Iterator<Key> oldest = pending.keySet().iterator();
      oldest.next();
      oldest.remove();
      sink.accept(new EventsLost("dns", "query-evicted", 1));
    }
    boolean asked = !message.questions().isEmpty();
    pending.put(
        key,
        new Pending(
            s.timestampNanos,
            asked ? message.questions().getFirst().name() : "",
            asked ? message.questions().getFirst().type() : 0));
  }

  private void report(Key key, Pending query, Optional<Duration> waited, int rcode, int addresses) {
    sink.accept(
        new DnsLookupEnded(
            new DnsLookup(
                key.client,
                key.clientPort,
                key.server,
                key.serverPort,
                key.id,
                query.name,
                query.type,
                Nanos.instant(query.atNanos),
                waited,
                rcode,
                addresses)));
  }
}
