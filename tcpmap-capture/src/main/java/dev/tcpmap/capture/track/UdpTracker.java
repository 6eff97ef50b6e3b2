package dev.tcpmap.capture.track;

import dev.tcpmap.capture.decode.FlowKey;
import dev.tcpmap.capture.decode.Nanos;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.UdpFlowEnded;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.PortRoles;
import dev.tcpmap.core.model.UdpFlow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns UDP datagrams, in capture order, into flows ({@link UdpFlow}): one per 5-tuple until it is
 * quiet for the idle timeout, reported as {@link UdpFlowEnded} when it ends. Times are the capture
 * clock, which only moves forward.
 *
 * <p><b>Client</b>: the source of the first datagram seen, unless {@link PortRoles} says the source
 * port is the service (a response from port 53 seen before its query still has the resolver as
 * server).
 *
 * <p><b>Bytes</b>: UDP payload bytes from the UDP length field (not the captured length, which the
 * snap length may cut); <b>datagrams</b> each way. No retransmission exists at this layer: a
 * datagram sent twice counts twice, as the application sent it twice.
 *
 * <p><b>Outcome</b> (see {@link UdpFlow}): an ICMP error matched by {@link #icmpError} marks the
 * flow {@code refused} (port unreachable) or {@code unreachable} (the others that fail delivery);
 * the flow goes on (an application may retry on the same socket) and ends as usual with that
 * outcome. Otherwise idle expiry gives {@code closed} when the server sent anything, else {@code
 * timeout}; the end of input and eviction give {@code unknown}.
 *
 * <p><b>Bounded</b>: at most {@code maxFlows} flows; a new one on a full table evicts the least
 * recently active (reported, counted in {@link #evictions()} and as {@code EventsLost("udp",
 * "evicted")}). The flows are kept in order of their last datagram, so expiry looks only at the
 * oldest ones: constant work per datagram.
 *
 * <p>Single-threaded. Allocates when a flow starts or ends, not per datagram.
 */
public final class UdpTracker {
  private static final String LOSS_SOURCE = "udp";
  private static final long NO_TIME = Long.MIN_VALUE;
  private static final Comparator<UdpFlow> REPORT_ORDER =
      Comparator.comparing(UdpFlow::start)
          .thenComparing(UdpFlow::client)
          .thenComparingInt(UdpFlow::clientPort)
          .thenComparing(UdpFlow::server)
          .thenComparingInt(UdpFlow::serverPort);

  private final EventSink sink;
  private final long idleNanos;
  private final int maxFlows;

  /**
   * Access order: the eldest entry is the least recently active flow (an ICMP error's look-up
   * counts as activity too; such a flow then expires when it is the eldest, at most one idle
   * timeout late).
   */
  private final LinkedHashMap<FlowKey, Flow> flows = new LinkedHashMap<>(64, 0.75f, true);

  private final FlowKey scratch = new FlowKey();
  private long now = NO_TIME;
  private long evictions;

  public UdpTracker(UdpConfig config, EventSink sink) {
    this.sink = sink;
    this.idleNanos = config.idleTimeout().toNanos();
    this.maxFlows = config.maxFlows();
  }

  /** Takes one datagram (its fields are read during the call only). */
  public void accept(TcpSegment datagram) {
    advance(datagram.timestampNanos);
    boolean srcIsA = scratch.set(datagram);
    Flow flow = flows.get(scratch);
    if (flow == null) {
      if (flows.size() >= maxFlows) {
        evictEldest();
      }
      flow = new Flow(datagram, srcIsA);
      flows.put(scratch.copy(), flow);
    }
    flow.add(srcIsA == flow.clientIsA, datagram);
  }

  /**
   * Marks the flow the quoted datagram belongs to, if one is followed.
   *
   * @param quote the ICMP error as {@code PacketDecoder} hands it over (quoted tuple, capture time)
   * @param portUnreachable the error says the port is closed ({@code refused})
   * @param failsDelivery the error says the datagram did not arrive ({@code unreachable})
   * @return whether a flow was found
   */
  public boolean icmpError(TcpSegment quote, boolean portUnreachable, boolean failsDelivery) {
    advance(quote.timestampNanos);
    scratch.set(quote);
    Flow flow = flows.get(scratch);
    if (flow == null) {
      return false;
    }
    if (portUnreachable) {
      flow.icmpOutcome = Outcome.REFUSED;
    } else if (failsDelivery && flow.icmpOutcome == null) {
      flow.icmpOutcome = Outcome.UNREACHABLE;
    }
    return true;
  }

  /**
   * Moves the capture clock to {@code epochNanos} (a packet's time, or live capture's clock when no
   * packet comes) and ends the flows idle since.
   */
  public void advance(long epochNanos) {
    if (epochNanos <= now) {
      return;
    }
    now = epochNanos;
    for (Iterator<Flow> it = flows.values().iterator(); it.hasNext(); ) {
      Flow flow = it.next();
      if (Nanos.since(flow.last, now) < idleNanos) {
        break;
      }
      it.remove();
      sink.accept(new UdpFlowEnded(flow.record(flow.idleOutcome())));
    }
  }

  /** End of input: reports every flow still followed ({@code unknown} unless ICMP said more). */
  public void finish() {
    List<UdpFlow> live = new ArrayList<>();
    for (Flow flow : flows.values()) {
      live.add(flow.record(flow.icmpOutcome != null ? flow.icmpOutcome : Outcome.UNKNOWN));
    }
    flows.clear();
    now = NO_TIME;
    live.sort(REPORT_ORDER);
    live.forEach(flow -> sink.accept(new UdpFlowEnded(flow)));
  }

  /** Flows followed now. */
  public int tracked() {
    return flows.size();
  }

  /** Flows evicted so far because maxFlows was reached. */
  public long evictions() {
    return evictions;
  }

  private void evictEldest() {
    Iterator<Map.Entry<FlowKey, Flow>> eldest = flows.entrySet().iterator();
    Flow flow = eldest.next().getValue();
    eldest.remove();
    evictions++;
    sink.accept(
        new UdpFlowEnded(
            flow.record(flow.icmpOutcome != null ? flow.icmpOutcome : Outcome.UNKNOWN)));
    sink.accept(new EventsLost(LOSS_SOURCE, "evicted", 1));
  }

  /** One flow's counts; the client's side first. */
  private static final class Flow {
    final boolean clientIsA;
    final IpAddress client;
    final int clientPort;
    final IpAddress server;
    final int serverPort;
    final long start;
    long last;
    long bytesSent;
    long bytesReceived;
    long datagramsSent;
    long datagramsReceived;
    Outcome icmpOutcome;

    Flow(TcpSegment first, boolean srcIsA) {
      boolean clientIsSrc = PortRoles.serverIsDestination(first.srcPort, first.dstPort);
      this.clientIsA = clientIsSrc == srcIsA;
      this.client = clientIsSrc ? first.source() : first.destination();
      this.clientPort = clientIsSrc ? first.srcPort : first.dstPort;
      this.server = clientIsSrc ? first.destination() : first.source();
      this.serverPort = clientIsSrc ? first.dstPort : first.srcPort;
      this.start = first.timestampNanos;
      this.last = first.timestampNanos;
    }

    void add(boolean fromClient, TcpSegment datagram) {
      last = Math.max(last, datagram.timestampNanos);
      if (fromClient) {
        bytesSent += datagram.payloadLength;
        datagramsSent++;
      } else {
        bytesReceived += datagram.payloadLength;
        datagramsReceived++;
      }
    }

    Outcome idleOutcome() {
      if (icmpOutcome != null) {
        return icmpOutcome;
      }
      return datagramsReceived > 0 ? Outcome.CLOSED : Outcome.TIMEOUT;
    }

    UdpFlow record(Outcome outcome) {
      return new UdpFlow(
          client,
          clientPort,
          server,
          serverPort,
          Nanos.instant(start),
          Duration.ofNanos(Nanos.since(start, last)),
          bytesSent,
          bytesReceived,
          datagramsSent,
          datagramsReceived,
          outcome);
    }
  }
}
