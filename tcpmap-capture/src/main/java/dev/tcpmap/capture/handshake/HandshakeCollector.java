package dev.tcpmap.capture.handshake;

import static dev.tcpmap.capture.decode.TcpSegment.ACK;
import static dev.tcpmap.capture.decode.TcpSegment.FIN;
import static dev.tcpmap.capture.decode.TcpSegment.RST;
import static dev.tcpmap.capture.decode.TcpSegment.SYN;

import dev.tcpmap.capture.decode.FlowKey;
import dev.tcpmap.capture.decode.Nanos;
import dev.tcpmap.capture.decode.Tally;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.dns.DnsMessage;
import dev.tcpmap.capture.dns.DnsParser;
import dev.tcpmap.capture.dns.NameFact;
import dev.tcpmap.capture.tls.Handshake;
import dev.tcpmap.capture.tls.Observations;
import dev.tcpmap.capture.tls.TlsParser;
import dev.tcpmap.core.model.ConnectionKey;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.tls.TlsHandshake;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Sits beside the TCP tracker on decoded packets and reports TLS handshakes and DNS answers.
 *
 * <p><b>TLS.</b> A TCP connection is followed from its SYN, or, when its SYN is not in the capture
 * (a capture started mid-connection, or filtered to handshakes), from a payload segment that starts
 * a ClientHello: a TLS handshake record ({@code 16 03 0x}) whose first message is a ClientHello
 * (type 1, {@code legacy_version 03 xx}), as Wireshark and JA4's tools pick them up. The sender of
 * that ClientHello is the client. Each direction's payload is put back in sequence order ({@link
 * Reassembly}: retransmissions and overlaps dropped, a little reordering waited out) and fed to a
 * {@link dev.tcpmap.capture.tls.TlsSession}. A connection followed from its SYN whose client's
 * first bytes are a proxy tunnel's set-up ({@link ProxyPreamble}: SOCKS5, or an HTTP CONNECT
 * answered by a 2xx) is read past it, and the tunnel's bytes are read as its TLS. A connection
 * whose first payload byte (after any such set-up) is not the client's 0x16 is dropped at that
 * byte. One {@link TlsHandshake} is reported when the session has all it reads, or when the
 * connection ends (RST, both FINs, idle for idleTimeout on the capture clock: no segment but bare
 * ACKs, {@link #finish}) with what was seen, provided the ClientHello was read.
 *
 * <p><b>Start not seen.</b> For a connection picked up at its ClientHello, {@link
 * TlsHandshake#connectionStart()} is the time of the first segment the collector saw of it, the one
 * starting the ClientHello; the tracker's {@code Connection} record for it starts at its first
 * packet of any kind, which may be earlier (a bare ACK); the handshake says {@link
 * TlsHandshake#startSeen()} false. A connection dropped as not TLS (a STARTTLS protocol's
 * plain-text start) that later carries a ClientHello is picked up there the same way. One handshake
 * is reported per connection: a ClientHello on a 4-tuple whose handshake was already reported (a
 * retransmission arriving after the server's answer) starts nothing, until a SYN opens the 4-tuple
 * again.
 *
 * <p><b>DNS.</b> UDP datagrams from or to port 53 and the server's side of TCP connections on port
 * 53 (followed from their SYN) go to a {@link DnsParser}; each answer's facts are reported as
 * {@link DnsName}s.
 *
 * <p><b>Problems</b> are counted by reason, never thrown: the parsers' reasons, plus {@code
 * gap-buffer-full} (a hole too much data waited behind), {@code gap-at-end} (a hole still open when
 * the connection ended), {@code snaplen-cut} (the capture cut the payload), {@code flow-table-full}
 * (a connection not followed because maxFlows were), {@code memory-budget-full} (a connection given
 * up because all followed connections together held maxHeldBytes), and for a proxy tunnel's set-up
 * {@code proxy-refused} (no tunnel: a client may try again on the same connection, e.g. after HTTP
 * 407, and that handshake is missed), {@code proxy-auth-unsupported} (a SOCKS5 method whose traffic
 * cannot be read) and {@code proxy-preamble-too-long} (an HTTP head over {@value
 * ProxyPreamble#MAX_HTTP_HEAD} bytes). Memory is bounded by maxFlows small records (and as many
 * 4-tuples of reported handshakes) plus maxHeldBytes of buffered payload: each connection's own
 * caps ({@value Reassembly#MAX_PENDING_BYTES} per direction waiting behind a hole, the TLS parser's
 * per-direction cap) would allow gigabytes over 16,384 hostile connections. A proxy's set-up is
 * read a byte at a time and holds nothing.
 *
 * <p>Single-threaded; the sink is called on the caller's thread. Allocates per packet only for
 * connections it follows. A bare ACK costs a flag test; a payload segment of a connection not
 * followed costs a lookup while any connection is followed, else a test of its first byte.
 */
public final class HandshakeCollector implements Reassembly.Receiver {
  static final int DNS_PORT = 53;

  /** 16,384 connections followed at once: each is short-lived (until its handshake is read). */
  public static final int DEFAULT_MAX_FLOWS = 16_384;

  /** 64 MiB of payload held at once by all followed connections together. */
  public static final long DEFAULT_MAX_HELD_BYTES = 64L << 20;

  private static final byte TLS_HANDSHAKE = 0x16;
  private static final int SWEEPS_PER_IDLE = 4;

  /** Receives what the collector reports. */
  public interface Sink {
    void handshake(TlsHandshake handshake);

    void name(DnsName name);
  }

  private final int maxFlows;
  private final long idleNanos;
  private final Sink sink;
  private final TlsParser tls = new TlsParser(TlsParser.DEFAULT_MAX_BUFFERED);
  private final long maxHeldBytes;
  private long heldBytes;
  private final DnsParser dns = new DnsParser();
  private final Map<FlowKey, Flow> flows = new HashMap<>();

  /** 4-tuples whose handshake was reported, oldest first, at most maxFlows. */
  private final LinkedHashMap<FlowKey, Boolean> reported = new LinkedHashMap<>();

  private final FlowKey scratch = new FlowKey();
  private final Tally tlsProblems = new Tally();
  private final Tally dnsProblems = new Tally();
  private final byte[] datagram = new byte[65_536];
  private long now = Flow.NO_TIME;
  private long nextSweep = Flow.NO_TIME;
  private Flow current;
  private boolean currentFromClient;

  /**
   * @param maxFlows connections followed at once (at least 1); a SYN beyond it is counted as {@code
   *     flow-table-full}
   * @param idleTimeout a followed connection with no packet for this long ends
   */
  public HandshakeCollector(int maxFlows, Duration idleTimeout, Sink sink) {
    this(maxFlows, DEFAULT_MAX_HELD_BYTES, idleTimeout, sink);
  }

  /**
   * @param maxHeldBytes most payload bytes all followed connections may hold together; a connection
   *     that would go beyond is given up and counted ({@code memory-budget-full})
   */
  public HandshakeCollector(int maxFlows, long maxHeldBytes, Duration idleTimeout, Sink sink) {
    if (maxHeldBytes < 1) {
      throw new IllegalArgumentException("maxHeldBytes must be positive: " + maxHeldBytes);
    }
    this.maxHeldBytes = maxHeldBytes;
    if (maxFlows < 1) {
      throw new IllegalArgumentException("maxFlows must be positive: " + maxFlows);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    this.maxFlows = maxFlows;
    this.idleNanos = idleTimeout.toNanos();
    this.sink = sink;
  }

  /** Takes a TCP segment whose payload is {@code data[payloadOffset, +capturedPayloadLength)}. */
  public void segment(TcpSegment s, MemorySegment data) {
    advanceClock(s.timestampNanos);
    if (s.payloadLength == 0 && (s.flags & (SYN | FIN | RST)) == 0) {
      // A bare ACK changes nothing followed here. Most packets of a long, quiet connection are
      // bare ACKs, and this test spares each of them the flow lookup (docs/performance.md).
      return;
    }
    boolean opening = (s.flags & (SYN | ACK | RST)) == SYN;
    // Only a SYN or the first segment of a ClientHello starts following a connection; the test
    // for a ClientHello reads one payload byte, rarely more.
    if (flows.isEmpty() && !opening && !startsClientHello(s, data)) {
      return;
    }
    boolean srcIsA = scratch.set(s);
    Flow flow = flows.get(scratch);
    if (flow == null) {
      if (opening) {
        open(s, srcIsA, data);
      } else if ((s.flags & (SYN | RST)) == 0 && startsClientHello(s, data)) {
        // Not a RST's data (no part of the stream, RFC 9293 §3.5.3; the tracker makes no
        // connection of a lone RST) nor a SYN-ACK's (the server's).
        openAtClientHello(s, srcIsA, data);
      }
      return;
    }
    boolean fromClient = srcIsA == flow.clientIsA;
    if (opening) {
      if (!fromClient || s.seq != flow.clientIsn) { // a new connection on the same 4-tuple
        close(flow);
        open(s, srcIsA, data);
      }
      return;
    }
    flow.lastNanos = Math.max(flow.lastNanos, s.timestampNanos);
    if ((s.flags & SYN) != 0 && !fromClient && !flow.toClient.started()) {
      flow.toClient.start(s.seq + 1);
    }
    if (s.payloadLength > 0) {
      payload(flow, fromClient, s, data);
    }
    if (!flow.closed) {
      ending(flow, fromClient, s.flags);
    }
  }

  /**
   * Takes a UDP datagram from or to port 53 (see {@code PacketDecoder.decodeTransport}) and returns
   * its message, for whoever matches queries to answers; empty when it was cut or malformed
   * (counted).
   */
  public Optional<DnsMessage> datagram(TcpSegment s, MemorySegment data) {
    advanceClock(s.timestampNanos);
    if (s.capturedPayloadLength < s.payloadLength) {
      dnsProblems.add("snaplen-cut");
      return Optional.empty();
    }
    int length = s.payloadLength;
    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, s.payloadOffset, datagram, 0, length);
    Optional<DnsMessage> message = dns.udp(datagram, 0, length);
    message.ifPresent(m -> m.facts().forEach(fact -> name(fact, s.timestampNanos)));
    return message;
  }

  /**
   * End of input: every connection still followed ends with what was seen, in order of start. The
   * collector can then be used again; counters keep counting.
   */
  public void finish() {
    List<Flow> open = new ArrayList<>(flows.values());
    open.sort(Comparator.comparingLong((Flow f) -> f.startNanos).thenComparing(f -> f.client));
    for (Flow flow : open) {
      close(flow);
    }
    now = Flow.NO_TIME;
    nextSweep = Flow.NO_TIME;
  }

  /**
   * Moves the capture clock to {@code epochNanos} without a packet, ending the connections idle for
   * idleTimeout by then, as a packet with that timestamp would. Live capture calls it while no
   * packets come, so that a handshake whose connection went quiet is still reported.
   */
  public void advance(long epochNanos) {
    advanceClock(epochNanos);
  }

  /** Connections followed now. */
  public int tracked() {
    return flows.size();
  }

  /** TLS problems by reason: the TLS parser's and this collector's. */
  public SortedMap<String, Long> tlsProblems() {
    return tlsProblems.plus(tls.counters().problems());
  }

  /** DNS problems by reason: the DNS parser's and this collector's. */
  public SortedMap<String, Long> dnsProblems() {
    return dnsProblems.plus(dns.counters().problems());
  }

  private void open(TcpSegment s, boolean srcIsA, MemorySegment data) {
    boolean dnsFlow = s.srcPort == DNS_PORT || s.dstPort == DNS_PORT;
    if (flows.size() >= maxFlows) {
      (dnsFlow ? dnsProblems : tlsProblems).add("flow-table-full");
      return;
    }
    FlowKey key = scratch.copy();
    reported.remove(key);
    Flow flow = newFlow(key, s, srcIsA, s.seq, dnsFlow);
    flow.toServer.start(s.seq + 1);
    if (flow.dns) {
      flow.dnsStream = dns.tcp(message -> answer(message));
    }
    flows.put(key, flow);
    if (s.payloadLength > 0) { // TCP Fast Open: data in the SYN
      payload(flow, true, s, data);
    }
  }

  private static boolean startsClientHello(TcpSegment s, MemorySegment data) {
    return TlsParser.startsClientHello(data, s.payloadOffset, s.capturedPayloadLength);
  }

  /**
   * Starts following a connection whose SYN was not seen at the segment starting its ClientHello.
   */
  private void openAtClientHello(TcpSegment s, boolean srcIsA, MemorySegment data) {
    if (reported.containsKey(scratch)) {
      return; // its handshake was reported: a retransmitted ClientHello
    }
    if (flows.size() >= maxFlows) {
      tlsProblems.add("flow-table-full");
      return;
    }
    FlowKey key = scratch.copy();
    Flow flow = newFlow(key, s, srcIsA, Flow.NO_ISN, false);
    flow.toServer.start(s.seq);
    if ((s.flags & ACK) != 0) {
      // The server sends nothing before the ClientHello (RFC 8446 §2): the byte the client
      // acknowledges is the server's first, so a reordered server flight is still read in order.
      flow.toClient.start(s.ack);
    }
    flows.put(key, flow);
    payload(flow, true, s, data);
  }

  /** A flow whose client is the segment's source; {@code clientIsn} NO_ISN: start not seen. */
  private static Flow newFlow(
      FlowKey key, TcpSegment s, boolean srcIsA, long clientIsn, boolean dnsFlow) {
    return new Flow(
        key,
        srcIsA,
        s.source(),
        s.srcPort,
        s.destination(),
        s.dstPort,
        s.timestampNanos,
        clientIsn,
        dnsFlow);
  }

  private void payload(Flow flow, boolean fromClient, TcpSegment s, MemorySegment data) {
    if (flow.dns && fromClient) {
      return; // queries name nothing
    }
    if (s.capturedPayloadLength < s.payloadLength) {
      giveUp(flow, "snaplen-cut");
      return;
    }
    current = flow;
    currentFromClient = fromClient;
    Reassembly direction = fromClient ? flow.toServer : flow.toClient;
    long firstByte = (s.flags & SYN) != 0 ? s.seq + 1 : s.seq;
    if (!direction.segment(firstByte, data, s.payloadOffset, s.payloadLength, this)
        && !flow.closed) {
      giveUp(flow, "gap-buffer-full");
    } else if (!flow.closed) {
      account(flow);
    }
  }

  /** Updates what the flow holds in the shared budget; gives it up when the budget is spent. */
  private void account(Flow flow) {
    long now = flow.toServer.pendingBytes() + flow.toClient.pendingBytes();
    now += flow.tls != null ? flow.tls.buffered() : 0;
    now += flow.dnsStream != null ? flow.dnsStream.buffered() : 0;
    heldBytes += now - flow.heldBytes;
    flow.heldBytes = now;
    if (heldBytes > maxHeldBytes) {
      giveUp(flow, "memory-budget-full");
    }
  }

  /** Bytes held now by all followed connections (for tests and status). */
  public long heldBytes() {
    return heldBytes;
  }

  /** The next in-order bytes of the current flow's current direction. */
  @Override
  public void bytes(MemorySegment data, long offset, int length) {
    Flow flow = current;
    if (flow.closed) {
      return;
    }
    if (flow.dns) {
      flow.dnsStream.feed(data, offset, length);
      if (flow.dnsStream.stopped()) {
        close(flow);
      }
      return;
    }
    int tunnelled = preamble(flow, data, offset, length);
    if (tunnelled < 0 || tunnelled == length) {
      return;
    }
    offset += tunnelled;
    length -= tunnelled;
    if (flow.tls == null) {
      if (!currentFromClient || data.get(ValueLayout.JAVA_BYTE, offset) != TLS_HANDSHAKE) {
        drop(flow); // not TLS: the client speaks first, with a handshake record
        return;
      }
      flow.tls = tls.open();
    }
    if (currentFromClient) {
      flow.tls.client(data, offset, length);
      if (flow.helloNanos == Flow.NO_TIME && flow.tls.handshake().clientHello().isPresent()) {
        flow.helloNanos = now;
      }
    } else {
      flow.tls.server(data, offset, length);
    }
    if (flow.tls.isDone()) {
      close(flow);
    }
  }

  /**
   * Reads the current direction's proxy set-up, if the flow has one: returns how many of the bytes
   * it took (the rest are the tunnel's), or -1 when it failed and the flow ended. The client's
   * first payload byte decides whether there is one.
   */
  private int preamble(Flow flow, MemorySegment data, long offset, int length) {
    if (flow.preamble == null) {
      if (flow.tls != null || !currentFromClient) {
        return 0;
      }
      flow.preamble = ProxyPreamble.startingWith(data.get(ValueLayout.JAVA_BYTE, offset));
      if (flow.preamble == null) {
        return 0;
      }
    }
    if (flow.preamble.done(currentFromClient)) {
      return 0;
    }
    int read = flow.preamble.read(currentFromClient, data, offset, length);
    if (read < 0) {
      String reason = flow.preamble.failure().reason;
      if (reason == null) {
        drop(flow); // not a proxy after all, and so not TLS
      } else {
        giveUp(flow, reason);
      }
    }
    return read;
  }

  private void ending(Flow flow, boolean fromClient, int flags) {
    if ((flags & RST) != 0) {
      close(flow);
      return;
    }
    if ((flags & FIN) != 0) {
      flow.clientFin |= fromClient;
      flow.serverFin |= !fromClient;
      if (flow.clientFin && flow.serverFin) {
        close(flow);
      }
    }
  }

  /** Ends a flow and reports what it showed. */
  private void close(Flow flow) {
    if (flow.closed) {
      return;
    }
    drop(flow);
    if (flow.toServer.hasHole() || flow.toClient.hasHole()) {
      (flow.dns ? dnsProblems : tlsProblems).add("gap-at-end");
    }
    report(flow);
  }

  private void giveUp(Flow flow, String reason) {
    (flow.dns ? dnsProblems : tlsProblems).add(reason);
    drop(flow);
    report(flow);
  }

  /** Forgets a flow without reporting it. */
  private void drop(Flow flow) {
    flow.closed = true;
    flows.remove(flow.key);
    heldBytes -= flow.heldBytes;
    flow.heldBytes = 0;
  }

  private void report(Flow flow) {
    if (flow.tls == null || flow.helloNanos == Flow.NO_TIME) {
      return;
    }
    remember(flow.key);
    Handshake handshake = flow.tls.handshake();
    TlsHandshake h =
        Observations.handshake(
            new ConnectionKey(
                flow.client,
                flow.clientPort,
                flow.server,
                flow.serverPort,
                Nanos.instant(flow.startNanos)),
            flow.startSeen,
            Nanos.instant(Math.max(flow.startNanos, flow.helloNanos)),
            handshake);
    sink.handshake(h);
  }

  /** Notes a 4-tuple whose handshake was reported, forgetting the oldest beyond maxFlows. */
  private void remember(FlowKey key) {
    reported.put(key, Boolean.TRUE);
    if (reported.size() > maxFlows) {
      Iterator<FlowKey> oldest = reported.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  private void answer(DnsMessage message) {
    for (NameFact fact : message.facts()) {
      name(fact, now);
    }
  }

  private void name(NameFact fact, long atNanos) {
    sink.name(
        new DnsName(
            fact.address(),
            fact.name(),
            Nanos.instant(atNanos),
            Duration.ofSeconds(fact.ttlSeconds())));
  }

  /** Moves the capture clock forward; ends flows idle for idleTimeout a few times per timeout. */
  private void advanceClock(long timestamp) {
    if (timestamp <= now) {
      return;
    }
    now = timestamp;
    if (nextSweep == Flow.NO_TIME) {
      nextSweep = Nanos.plus(timestamp, idleNanos / SWEEPS_PER_IDLE);
    } else if (timestamp >= nextSweep) {
      nextSweep = Nanos.plus(timestamp, idleNanos / SWEEPS_PER_IDLE);
      List<Flow> idle = new ArrayList<>();
      for (Flow flow : flows.values()) {
        if (Nanos.since(flow.lastNanos, timestamp) >= idleNanos) {
          idle.add(flow);
        }
      }
      idle.forEach(this::close);
    }
  }
}
