package dev.tcpmap.capture.track;

import static dev.tcpmap.capture.decode.TcpSegment.ACK;
import static dev.tcpmap.capture.decode.TcpSegment.FIN;
import static dev.tcpmap.capture.decode.TcpSegment.RST;
import static dev.tcpmap.capture.decode.TcpSegment.SYN;
import static dev.tcpmap.capture.track.FlowState.ANY_FIN;
import static dev.tcpmap.capture.track.FlowState.CLIENT_IS_A;
import static dev.tcpmap.capture.track.FlowState.ENDED;
import static dev.tcpmap.capture.track.FlowState.FIN_SEEN;
import static dev.tcpmap.capture.track.FlowState.OCCUPIED;
import static dev.tcpmap.capture.track.FlowState.ORIGIN_ISN;
import static dev.tcpmap.capture.track.FlowState.ORIGIN_SET;
import static dev.tcpmap.capture.track.FlowState.SENT;
import static dev.tcpmap.capture.track.FlowState.START_SEEN;
import static dev.tcpmap.capture.track.FlowState.SYN_ACK_SEEN;
import static dev.tcpmap.capture.track.FlowTable.CLIENT;
import static dev.tcpmap.capture.track.FlowTable.CLOSE;
import static dev.tcpmap.capture.track.FlowTable.LAST;
import static dev.tcpmap.capture.track.FlowTable.SERVER;
import static dev.tcpmap.capture.track.FlowTable.START;
import static dev.tcpmap.capture.track.FlowTable.STATE;

import dev.tcpmap.capture.decode.Nanos;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.PortRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns TCP segments, in capture order, into connections: {@link ConnectionOpened} when one starts,
 * {@link ConnectionClosed} when it ends or its observation ends, {@link EventsLost} when the table
 * is full. All times are the capture clock (packet timestamps, nanoseconds since the epoch);
 * timestamps may go slightly backwards (several interfaces): the clock only moves forward and
 * durations are never negative.
 *
 * <p><b>Connections.</b> A connection is a 4-tuple plus its start. The client sent the SYN (without
 * ACK); a SYN-ACK seen first makes its destination the client (start not seen, both ISNs known).
 * For any other first packet the start was not seen ({@code startSeen = false}) and the client is
 * chosen by {@link PortRoles} (ports below 1024, then below 32768, are servers; otherwise the first
 * packet's destination). A SYN with the client's ISN is a retransmission of the same connection.
 * Any other SYN without ACK on a known 4-tuple (a different ISN, or one from the server side) ends
 * the old connection, if still live, and starts a new one, as tshark does. A lone RST with no
 * connection creates none.
 *
 * <p><b>Bytes</b> are payload bytes from sequence numbers, see {@link PayloadCounter}:
 * retransmissions once, SYN and FIN never, keep-alive probes never, 32-bit wrap handled.
 *
 * <p><b>Outcome and duration</b> (duration from the first packet, the SYN when seen):
 *
 * <ul>
 *   <li>{@code closed}: a FIN from both sides; ends at the later FIN. A FIN from one side only,
 *       then the observation ends (capture over, idle expiry, eviction, a new SYN): also {@code
 *       closed}, as the close had begun and the other FIN is usually just cut off by the capture;
 *       it ends at the last packet seen (a half-closed peer may keep sending).
 *   <li>{@code refused}: a RST from the server side after a SYN and before any SYN-ACK.
 *   <li>{@code reset}: any other RST, also after one FIN (the RST decides); ends at the RST.
 *   <li>{@code timeout}: the start was seen, the server side sent nothing, and at least
 *       connectTimeout passed from the SYN to the end of observation (finish time, last packet +
 *       idleTimeout for expiry, the current capture time for eviction or a new SYN).
 *   <li>{@code unknown}: anything else whose observation ended first; ends at the last packet.
 *   <li>{@code unreachable}: an ICMP error that makes the kernel abort a connect ({@link
 *       #icmpError}) answered the SYN before anything came from the server; ends at the error.
 * </ul>
 *
 * <p><b>Tombstones.</b> A connection that ended by RST or both FINs is reported at once, and its
 * entry stays as a tombstone until idle expiry or a new SYN, absorbing trailing ACKs, retransmitted
 * FINs and late RSTs: a RST after both FINs (an abortive close in TIME_WAIT) leaves it {@code
 * closed}. Packets keep a tombstone alive; a SYN with the old client ISN is absorbed too.
 *
 * <p><b>Idle expiry</b>: an entry with no packet for idleTimeout is removed (a live one reported as
 * above and counted in {@link #expirations()}). The table is swept incrementally: every
 * idleTimeout/256 of capture time 1/32 of the slots are checked, so an entry goes at most about
 * idleTimeout × 1.125 after its last packet, as long as packets keep the clock moving.
 *
 * <p><b>Bounded state</b>: at most maxTracked entries, tombstones included. A new connection on a
 * full table evicts, out of the next 8 entries after a clock hand, a tombstone if any (silently, it
 * was reported), else the least recently active one: it is reported as above, counted in {@link
 * #evictions()}, with {@code EventsLost("tracker", "evicted", 1)}; its later packets start a
 * separate mid-stream connection.
 *
 * <p>Single-threaded, not thread-safe. Allocates nothing per packet except when a connection starts
 * or ends (and when the table grows, up to its cap, at a connection start). The sink is called on
 * the caller's thread.
 */
public final class TcpTracker {
  private static final String LOSS_SOURCE = "tracker";
  private static final int BATCH = 64;
  private static final int EVICTION_SAMPLE = 8;
  private static final int SWEEP_TICKS_PER_IDLE = 256;
  private static final int SWEEP_FRACTION = 32;
  private static final long MASK32 = 0xFFFF_FFFFL;
  private static final long NO_TIME = Long.MIN_VALUE;

  private static final Comparator<Connection> REPORT_ORDER =
      Comparator.comparing(Connection::start)
          .thenComparing(Connection::client)
          .thenComparingInt(Connection::clientPort)
          .thenComparing(Connection::server)
          .thenComparingInt(Connection::serverPort);

  private final EventSink sink;
  private final int maxTracked;
  private final long idleNanos;
  private final long connectNanos;
  private final long sweepTick;
  private final FlowTable table;
  private long now = NO_TIME;
  private long nextSweep = NO_TIME;
  private int sweepHand;
  private int evictHand;
  private long evictions;
  private long expirations;
  private long sweptSlots;
  private final int[] homes = new int[BATCH];
  private long touched;

  public TcpTracker(TrackerConfig config, EventSink sink) {
    this.sink = sink;
    this.maxTracked = config.maxTracked();
    this.idleNanos = nanos(config.idleTimeout());
    this.connectNanos = nanos(config.connectTimeout());
    this.sweepTick = Math.max(1, idleNanos / SWEEP_TICKS_PER_IDLE);
    this.table = new FlowTable(maxTracked, ThreadLocalRandom.current().nextLong());
  }

  /**
   * Takes {@code count} segments, in order, with exactly the effect of {@link #accept(TcpSegment)}
   * on each. Faster when many flows are active: it first reads the table slots of up to {@value
   * #BATCH} segments together, so that their cache misses overlap instead of queueing (one miss
   * costs 100–500 ns on a virtual machine; the CPU can have about 20 in flight).
   */
  public void accept(TcpSegment[] segments, int count) {
    for (int from = 0; from < count; from += BATCH) {
      int n = Math.min(BATCH, count - from);
      for (int i = 0; i < n; i++) {
        homes[i] = table.homeOffset(segments[from + i]);
      }
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += table.touch(homes[i]);
      }
      touched += sum; // keeps the reads from being optimised away
      for (int i = 0; i < n; i++) {
        accept(segments[from + i]);
      }
    }
  }

  /** Takes one segment; its fields are read during the call only. */
  public void accept(TcpSegment segment) {
    advanceClock(segment.timestampNanos);
    int at = table.find(segment);
    if (at < 0) {
      begin(segment);
      return;
    }
    long[] t = table.array();
    long state = t[at + STATE];
    boolean fromClient = table.srcIsA == ((state & CLIENT_IS_A) != 0);
    if ((segment.flags & (SYN | ACK)) == SYN
        && !isSynRetransmission(t, at, state, fromClient, segment.seq)) {
      if ((state & ENDED) == 0) {
        end(t, at, unfinishedOutcome(t, at, segment.timestampNanos), t[at + LAST]);
      }
      open(t, at, segment, table.srcIsA);
      return;
    }
    if (segment.timestampNanos > t[at + LAST]) {
      t[at + LAST] = segment.timestampNanos;
    }
    if ((state & ENDED) == 0) {
      update(t, at, state, fromClient, segment);
    }
  }

  /**
   * Takes an ICMP error whose quoted packet belongs to a tracked connection: when the client's SYN
   * is still unanswered and the error fails delivery, the connect failed as the kernel fails it
   * ({@code tcp_v4_err} in SYN-SENT) and the connection ends {@code unreachable}.
   *
   * @param quote the error as {@code PacketDecoder} hands it over (quoted tuple, capture time)
   * @param failsDelivery the error aborts a connect (not "fragmentation needed", not "too big")
   * @return whether the quoted packet belongs to a connection tracked now
   */
  public boolean icmpError(TcpSegment quote, boolean failsDelivery) {
    advanceClock(quote.timestampNanos);
    int at = table.find(quote);
    if (at < 0) {
      return false;
    }
    long[] t = table.array();
    long state = t[at + STATE];
    boolean fromClient = table.srcIsA == ((state & CLIENT_IS_A) != 0);
    boolean connecting =
        (state & (ENDED | SYN_ACK_SEEN | SENT << 1)) == 0 && (state & START_SEEN) != 0;
    if (failsDelivery && connecting && fromClient) {
      t[at + LAST] = Math.max(t[at + LAST], quote.timestampNanos);
      end(t, at, Outcome.UNREACHABLE, quote.timestampNanos);
    }
    return true;
  }

  /**
   * End of input at capture time {@code endNanos}: reports every live connection (outcome as for
   * any end of observation: {@code closed} after one FIN, {@code timeout} for a SYN unanswered for
   * connectTimeout, else {@code unknown}), in order of start, and clears the table (keeping its
   * memory). The tracker can then be used again; the counters keep counting.
   */
  public void finish(long endNanos) {
    long[] t = table.array();
    List<Connection> live = new ArrayList<>();
    for (int slot = 0; slot < table.slots(); slot++) {
      int at = FlowTable.offset(slot);
      long state = t[at + STATE];
      if (state != 0 && (state & ENDED) == 0) {
        live.add(Reports.connection(t, at, unfinishedOutcome(t, at, endNanos), t[at + LAST]));
      }
    }
    live.sort(REPORT_ORDER);
    table.clear();
    now = NO_TIME;
    nextSweep = NO_TIME;
    sweepHand = 0;
    evictHand = 0;
    for (Connection connection : live) {
      sink.accept(new ConnectionClosed(connection));
    }
  }

  /** Entries now: live connections and tombstones. */
  public int tracked() {
    return table.size();
  }

  /** Live connections evicted so far because maxTracked was reached (tombstones not counted). */
  public long evictions() {
    return evictions;
  }

  /** Live connections expired so far by idleTimeout (tombstones not counted). */
  public long expirations() {
    return expirations;
  }

  /** Table slots the idle sweep has looked at so far (for tests: it is bounded per packet). */
  long sweptSlots() {
    return sweptSlots;
  }

  private void begin(TcpSegment s) {
    if ((s.flags & RST) != 0) {
      return;
    }
    if (table.size() >= maxTracked) {
      evictOne();
    }
    int at = table.insert(s);
    open(table.array(), at, s, true);
  }

  /** Starts a connection in the entry at {@code at} with this segment as its first. */
  private void open(long[] t, int at, TcpSegment s, boolean srcIsA) {
    boolean syn = (s.flags & SYN) != 0;
    boolean ack = (s.flags & ACK) != 0;
    boolean clientIsSrc = syn ? !ack : PortRoles.serverIsDestination(s.srcPort, s.dstPort);
    long state = OCCUPIED | (clientIsSrc == srcIsA ? CLIENT_IS_A : 0);
    if (syn) {
      // A SYN carries the client's ISN; a SYN-ACK acknowledges it (ack = client ISN + 1).
      state |= ORIGIN_SET | ORIGIN_ISN | (ack ? 0 : START_SEEN);
      PayloadCounter.start(t, at + CLIENT, ack ? s.ack : s.seq + 1, 0);
    }
    t[at + START] = s.timestampNanos;
    t[at + LAST] = s.timestampNanos;
    t[at + CLOSE] = s.timestampNanos;
    t[at + STATE] = state;
    sink.accept(Reports.opened(t, at));
    update(t, at, state, clientIsSrc, s);
  }

  private void update(long[] t, int at, long state, boolean fromClient, TcpSegment s) {
    int flags = s.flags;
    state |= fromClient ? SENT : SENT << 1;
    if ((flags & RST) != 0) {
      t[at + STATE] = state;
      t[at + CLOSE] = s.timestampNanos;
      end(t, at, resetOutcome(state, fromClient), s.timestampNanos);
      return;
    }
    if ((flags & SYN) != 0 && !fromClient) {
      state = onSynAck(t, at, state, s.seq);
    }
    state = countPayload(t, at, state, fromClient, s);
    if ((flags & FIN) != 0) {
      state |= fromClient ? FIN_SEEN : FIN_SEEN << 1;
      t[at + CLOSE] = Math.max(t[at + CLOSE], s.timestampNanos);
    }
    t[at + STATE] = state;
    if ((state & ANY_FIN) == ANY_FIN) {
      end(t, at, Outcome.CLOSED, t[at + CLOSE]);
    }
  }

  private static long onSynAck(long[] t, int at, long state, long seq) {
    if ((state & SYN_ACK_SEEN) != 0) {
      return state;
    }
    if ((state & ORIGIN_SET << 1) == 0) {
      PayloadCounter.start(t, at + SERVER, seq + 1, 0);
    } else {
      PayloadCounter.rebase(t, at + SERVER, seq + 1);
    }
    return state | SYN_ACK_SEEN | (ORIGIN_SET | ORIGIN_ISN) << 1;
  }

  private static long countPayload(long[] t, int at, long state, boolean fromClient, TcpSegment s) {
    int direction = at + (fromClient ? CLIENT : SERVER);
    int shift = fromClient ? 0 : 1;
    // A SYN's sequence number is its own; payload starts after it (RFC 9293 3.4).
    long firstByte = (s.flags & SYN) != 0 ? s.seq + 1 : s.seq;
    int length = Math.max(0, s.payloadLength);
    if ((state & ORIGIN_SET << shift) == 0) {
      PayloadCounter.start(t, direction, firstByte, length);
      return state | ORIGIN_SET << shift;
    }
    // A FIN's sequence number follows the last payload byte (RFC 9293 3.4): it ends the count
    // even when the capture missed the last data segments, which the sender did send.
    if (length > 0 || (s.flags & FIN) != 0) {
      PayloadCounter.record(t, direction, firstByte, length, (state & ORIGIN_ISN << shift) != 0);
    }
    return state;
  }

  private static boolean isSynRetransmission(
      long[] t, int at, long state, boolean fromClient, long seq) {
    return fromClient
        && (state & ORIGIN_ISN) != 0
        && ((seq + 1) & MASK32) == PayloadCounter.origin(t, at + CLIENT);
  }

  private static Outcome resetOutcome(long state, boolean fromClient) {
    boolean answeringSyn = (state & START_SEEN) != 0 && (state & SYN_ACK_SEEN) == 0;
    return answeringSyn && !fromClient ? Outcome.REFUSED : Outcome.RESET;
  }

  /** The outcome of a connection whose observation ends at {@code when} before it closed. */
  private Outcome unfinishedOutcome(long[] t, int at, long when) {
    long state = t[at + STATE];
    if ((state & ANY_FIN) != 0) {
      return Outcome.CLOSED;
    }
    boolean unanswered = (state & START_SEEN) != 0 && (state & SENT << 1) == 0;
    return unanswered && Nanos.since(t[at + START], when) >= connectNanos
        ? Outcome.TIMEOUT
        : Outcome.UNKNOWN;
  }

  private void end(long[] t, int at, Outcome outcome, long endNanos) {
    t[at + STATE] |= ENDED;
    sink.accept(new ConnectionClosed(Reports.connection(t, at, outcome, endNanos)));
  }

  private void advanceClock(long timestamp) {
    if (timestamp <= now) {
      return;
    }
    now = timestamp;
    if (timestamp >= nextSweep) {
      if (nextSweep != NO_TIME) {
        long ticks =
            1 + Math.min(SWEEP_FRACTION - 1, Nanos.since(nextSweep, timestamp) / sweepTick);
        expireIdle((int) (ticks * ((table.slots() + SWEEP_FRACTION - 1) / SWEEP_FRACTION)));
      }
      nextSweep = Nanos.plus(timestamp, sweepTick);
    }
  }

  /** Checks {@code budget} slots from the sweep hand on. */
  private void expireIdle(int budget) {
    sweptSlots += budget;
    long[] t = table.array();
    for (int i = 0; i < budget; i++) {
      int at = FlowTable.offset(sweepHand);
      long state = t[at + STATE];
      if (state != 0 && Nanos.since(t[at + LAST], now) >= idleNanos) {
        if ((state & ENDED) == 0) {
          expirations++;
          end(t, at, unfinishedOutcome(t, at, Nanos.plus(t[at + LAST], idleNanos)), t[at + LAST]);
        }
        if (table.remove(at)) {
          continue;
        }
      }
      sweepHand = (sweepHand + 1) & (table.slots() - 1);
    }
  }

  private void evictOne() {
    long[] t = table.array();
    int mask = table.slots() - 1;
    int victim = -1;
    long oldest = Long.MAX_VALUE;
    for (int seen = 0; seen < EVICTION_SAMPLE; ) {
      int at = FlowTable.offset(evictHand);
      evictHand = (evictHand + 1) & mask;
      long state = t[at + STATE];
      if (state == 0) {
        continue;
      }
      seen++;
      if ((state & ENDED) != 0) {
        victim = at;
        break;
      }
      if (t[at + LAST] < oldest) {
        oldest = t[at + LAST];
        victim = at;
      }
    }
    if ((t[victim + STATE] & ENDED) == 0) {
      evictions++;
      end(t, victim, unfinishedOutcome(t, victim, now), t[victim + LAST]);
      sink.accept(new EventsLost(LOSS_SOURCE, "evicted", 1));
    }
    table.remove(victim);
  }

  /** Nanoseconds, saturated far below overflow so that sums of times stay exact. */
  private static long nanos(Duration duration) {
    return duration.compareTo(Duration.ofDays(36_500)) > 0
        ? Duration.ofDays(36_500).toNanos()
        : duration.toNanos();
  }
}
