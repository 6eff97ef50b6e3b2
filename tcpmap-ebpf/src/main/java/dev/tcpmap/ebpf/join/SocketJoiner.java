package dev.tcpmap.ebpf.join;

import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.PortRoles;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.ebpf.cgroup.ContainerNames;
import dev.tcpmap.ebpf.join.JoinedConnection.State;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Joins socket records (one per socket, each from its own side) into connection events (client to
 * server): one connection when both ends are on this host, the client's numbers winning.
 *
 * <pre>
 *   OPENED ─▶ ConnectionOpened (once per connection)
 *   LIVE   ─▶ ConnectionProgress (per connection per iteration when its bytes moved; client view)
 *   CLOSED ─▶ held until the partner's CLOSED (or {@code grace}) ─▶ ConnectionClosed
 * </pre>
 *
 * <p>Pairing: an ACTIVE socket (local a:p, remote b:q) and a PASSIVE one (local b:q, remote a:p)
 * are the two ends of one connection ({@link ConnKey}; loopback ends only within one network
 * namespace). The two closes arrive apart, in either order, and one end may linger in CLOSE_WAIT: a
 * close is held for {@code grace} waiting for its partner; then it is reported from its own numbers
 * (mirrored when it is the server's: the server received what the client sent), and the partner's
 * late close is swallowed. An end whose peer is elsewhere is reported alone after the grace; a
 * failed connect (refused, timeout) with no server socket at once.
 *
 * <p>Roles: a socket of unknown role (it predates the tracer) is the server when its local port is
 * listened on in its namespace, the client when its remote port is, else as {@link PortRoles}
 * guesses; its start is then when it was first seen ({@code startSeen} false).
 *
 * <p>Threading: not thread-safe. One thread (the agent's poll thread) calls every method. Order
 * matters: an iteration must be joined after every ring-buffer record made before it began (the
 * agent empties the ring, then iterates on the same thread), or a LIVE record older than a joined
 * close would bring the connection back. Times are the records' {@code CLOCK_MONOTONIC}
 * nanoseconds; {@link #expire} takes the same clock.
 *
 * <p>Memory: at most {@code maxEntries} connections (open, held or lingering) and as many listening
 * ports. Beyond it a record that would need a new entry is not joined: an OPENED or LIVE record is
 * dropped, a CLOSED one is reported alone at once; both are counted as {@code EventsLost("agent",
 * "join-table-full")}.
 */
public final class SocketJoiner {
  /** How long a close waits for its partner: far above the time between two ends' closes. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

  static final String LOSS_SOURCE = "agent";
  static final String TABLE_FULL = "join-table-full";
  static final String CLOSE_MISSED = "close-missed";
  static final String EVICTED = "socket-state-evicted";

  private record Listen(long netns, int port) {}

  /** An iteration being joined: the namespaces it saw, the open connections it touched. */
  private static final class Iteration {
    final long startedNanos;
    final Set<Long> seen = new HashSet<>();
    final Set<JoinedConnection> touched = new LinkedHashSet<>();

    Iteration(long startedNanos) {
      this.startedNanos = startedNanos;
    }
  }

  private Iteration iteration;

  private final EventSink sink;
  private final MonotonicClock clock;
  private final long graceNanos;
  private final int maxEntries;
  private final ContainerNames containers;
  private final Map<ConnKey, JoinedConnection> connections = new HashMap<>();
  private final Map<Long, JoinedConnection> bySocket = new HashMap<>();
  private final ArrayDeque<JoinedConnection> held = new ArrayDeque<>();
  private final Map<Listen, Long> listening = new HashMap<>();
  private long previousIterationNanos = Long.MIN_VALUE;
  private boolean iteratedOnce;

  /**
   * Sockets the first iteration found without a start: they predate the tracer. A close without a
   * start of any other socket means its state was evicted from the tracer's LRU map.
   */
  private final Set<Long> predating = new HashSet<>();

  private Set<Long> previousNetns = Set.of();

  public SocketJoiner(EventSink sink, MonotonicClock clock, Duration grace, int maxEntries) {
    this(sink, clock, grace, maxEntries, ContainerNames.NONE);
  }

  /**
   * @param containers names the container of each end's cgroup (asked at every event)
   */
  public SocketJoiner(
      EventSink sink,
      MonotonicClock clock,
      Duration grace,
      int maxEntries,
      ContainerNames containers) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.containers = Objects.requireNonNull(containers, "containers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.graceNanos = grace.toNanos();
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** Joins one record from the ring buffer (OPENED, CLOSED, LISTENING; LIVE is joined alone). */
  public void accept(SocketRecord record) {
    switch (record.kind()) {
      case LISTENING -> listen(record);
      case OPENED -> opened(record);
      case CLOSED -> closed(record);
      case LIVE -> {
        Set<JoinedConnection> touched = new LinkedHashSet<>();
        live(record, record.atNanos(), touched);
        touched.forEach(c -> progress(c, record.atNanos()));
      }
    }
  }

  /**
   * Joins one run of the socket iterator: the listening ports are replaced by those it saw (plus
   * any announced since it started), each live connection gets one progress event, and an end
   * missing from this run and the one before, whose close never came, is closed as {@code unknown}
   * (counted as {@code close-missed}). Only network namespaces with a socket in both runs are
   * judged: an iterator that sees only its own namespace says nothing about the others.
   *
   * @param startedNanos when the run started (monotonic)
   */
  public void iterated(long startedNanos, List<SocketRecord> records) {
    beginIteration(startedNanos);
    // Listening sockets first: the roles of sockets that predate the tracer may depend on them.
    records.stream().filter(r -> r.kind() == Kind.LISTENING).forEach(this::iterationRecord);
    records.stream().filter(r -> r.kind() != Kind.LISTENING).forEach(this::iterationRecord);
    endIteration();
  }

  /**
   * Starts joining a run of the socket iterator that began at {@code startedNanos}; its records
   * follow through {@link #iterationRecord} as the iterator reads them, and {@link #endIteration}
   * completes it (see {@link #iterated}).
   */
  public void beginIteration(long startedNanos) {
    iteration = new Iteration(startedNanos);
  }

  /** One record (LIVE or LISTENING) of the iteration begun last. */
  public void iterationRecord(SocketRecord r) {
    Iteration it = Objects.requireNonNull(iteration, "no iteration begun");
    it.seen.add(r.netns());
    switch (r.kind()) {
      case LISTENING -> listen(r);
      case LIVE -> {
        if (!iteratedOnce && r.startNanos() == 0) {
          predating.add(r.socket());
        }
        live(r, it.startedNanos, it.touched);
      }
      case OPENED, CLOSED -> accept(r);
    }
  }

  /** Completes the iteration begun last (see {@link #iterated}). */
  public void endIteration() {
    Iteration it = Objects.requireNonNull(iteration, "no iteration begun");
    iteration = null;
    iteratedOnce = true;
    // The iterator may see only some network namespaces (its own): judge only those it saw.
    listening
        .entrySet()
        .removeIf(e -> it.seen.contains(e.getKey().netns()) && e.getValue() < it.startedNanos);
    it.touched.forEach(c -> progress(c, it.startedNanos));
    if (previousIterationNanos != Long.MIN_VALUE) {
      Set<Long> both = new HashSet<>(it.seen);
      both.retainAll(previousNetns);
      closeMissed(previousIterationNanos, both);
    }
    previousIterationNanos = it.startedNanos;
    previousNetns = it.seen;
  }

  /** Drops an iteration that failed part way: what it saw so far judges nothing. */
  public void abandonIteration() {
    iteration = null;
  }

  /** Reports the held closes whose partner did not close within the grace. */
  public void expire(long nowNanos) {
    while (!held.isEmpty() && held.peekFirst().deadlineNanos <= nowNanos) {
      JoinedConnection c = held.pollFirst();
      if (c.state == State.HELD && connections.get(c.key) == c) {
        report(c);
      }
    }
  }

  /** Reports every held close now (at shutdown) and forgets the lingering ones. */
  public void drain() {
    expire(Long.MAX_VALUE);
    held.clear();
  }

  /** Connections held, open or lingering (for tests and status). */
  int size() {
    return connections.size();
  }

  private void listen(SocketRecord r) {
    Listen key = new Listen(r.netns(), r.localPort());
    if (listening.containsKey(key) || listening.size() < maxEntries) {
      listening.put(key, r.atNanos());
    } else {
      lost(TABLE_FULL);
    }
  }

  private void opened(SocketRecord r) {
    Role role = roleOf(r);
    JoinedConnection c = connections.get(ConnKey.of(r, role));
    SocketEnd known = c == null ? null : c.end(role);
    if (c != null && (c.state != State.OPEN || (known != null && known.socket != r.socket()))) {
      // The 4-tuple is reused by a new socket: what is left of the old connection ends now.
      finishNow(c);
      c = null;
    }
    c = c != null ? c : create(ConnKey.of(r, role));
    if (c == null) {
      lost(TABLE_FULL);
      return;
    }
    track(c, role, r);
    announce(c);
  }

  /** A live socket, seen by an iteration that started at {@code seenNanos} (or later). */
  private void live(SocketRecord r, long seenNanos, Set<JoinedConnection> touched) {
    Role role = roleOf(r);
    JoinedConnection c = connections.get(ConnKey.of(r, role));
    if (c == null) {
      c = create(ConnKey.of(r, role));
      if (c == null) {
        lost(TABLE_FULL);
        return;
      }
    }
    SocketEnd end = track(c, role, r);
    end.lastSeenNanos = Math.max(end.lastSeenNanos, seenNanos);
    if (c.state == State.OPEN) {
      announce(c);
      touched.add(c);
    }
  }

  private void closed(SocketRecord r) {
    if (r.startNanos() == 0 && !predating.remove(r.socket()) && iteratedOnce) {
      // Its start and process were lost (the close itself, with exact bytes, is not).
      sink.accept(new EventsLost("tracer", EVICTED, 1));
    }
    Role role = roleOf(r);
    ConnKey key = ConnKey.of(r, role);
    JoinedConnection c = connections.get(key);
    if (c != null && c.state == State.REPORTED) {
      // The lingering partner's close, already reported from the other end's numbers.
      remove(c);
      return;
    }
    if (c == null) {
      c = create(key);
      if (c == null) {
        lost(TABLE_FULL);
        c = new JoinedConnection(key);
        track(c, role, r).closed = true;
        c.viewEnd().outcome = r.outcome();
        emitClosed(c);
        return;
      }
    }
    SocketEnd end = track(c, role, r);
    end.closed = true;
    end.outcome = r.outcome();
    bySocket.remove(r.socket());
    SocketEnd partner = c.other(role);
    boolean failedConnect =
        role == Role.ACTIVE && (r.outcome() == Outcome.REFUSED || r.outcome() == Outcome.TIMEOUT);
    if ((partner != null && partner.closed) || (partner == null && failedConnect)) {
      report(c);
    } else if (c.state == State.OPEN) {
      c.state = State.HELD;
      c.deadlineNanos = r.atNanos() + graceNanos;
      held.addLast(c);
    }
  }

  /** The end of {@code c} that {@code r} describes, created or updated. */
  private SocketEnd track(JoinedConnection c, Role role, SocketRecord r) {
    SocketEnd end = c.end(role);
    if (end == null) {
      end = new SocketEnd(r);
      c.setEnd(role, end);
      if (r.kind() != Kind.CLOSED) {
        bySocket.put(r.socket(), c);
      }
    } else {
      end.update(r);
    }
    return end;
  }

  private JoinedConnection create(ConnKey key) {
    if (connections.size() >= maxEntries) {
      return null;
    }
    JoinedConnection c = new JoinedConnection(key);
    connections.put(key, c);
    return c;
  }

  /**
   * The role of {@code r}'s socket: as recorded, else as already joined, else by listening ports,
   * else by the port rule.
   */
  private Role roleOf(SocketRecord r) {
    if (r.role() != Role.UNKNOWN) {
      return r.role();
    }
    JoinedConnection known = bySocket.get(r.socket());
    if (known != null) {
      for (Role role : List.of(Role.ACTIVE, Role.PASSIVE)) {
        SocketEnd end = known.end(role);
        if (end != null && end.socket == r.socket() && known.key.equals(ConnKey.of(r, role))) {
          return role;
        }
      }
    }
    if (listening.containsKey(new Listen(r.netns(), r.localPort()))) {
      return Role.PASSIVE;
    }
    if (listening.containsKey(new Listen(r.netns(), r.remotePort()))) {
      return Role.ACTIVE;
    }
    return PortRoles.serverIsDestination(r.localPort(), r.remotePort())
        ? Role.ACTIVE
        : Role.PASSIVE;
  }

  /** Emits ConnectionOpened once, fixing the start every later event of it repeats. */
  private void announce(JoinedConnection c) {
    if (c.announcedStart != null) {
      return;
    }
    SocketEnd first = c.startEnd();
    c.announcedStart = clock.instant(first.beganNanos());
    c.startSeen = first.startNanos != 0;
    ConnKey k = c.key;
    sink.accept(
        new ConnectionOpened(
            k.client(),
            k.clientPort(),
            k.server(),
            k.serverPort(),
            c.announcedStart,
            c.startSeen,
            c.details(containers)));
  }

  /**
   * Progress of an open connection, when its bytes moved since the last one: an idle connection
   * costs nothing per iteration (a host may hold a hundred thousand of them).
   */
  private void progress(JoinedConnection c, long atNanos) {
    SocketEnd view = c.viewEnd();
    boolean mirrored = view == c.server;
    long sent = mirrored ? view.received : view.sent;
    long received = mirrored ? view.sent : view.received;
    if (sent == c.reportedSent && received == c.reportedReceived) {
      return;
    }
    c.reportedSent = sent;
    c.reportedReceived = received;
    ConnKey k = c.key;
    sink.accept(
        new ConnectionProgress(
            k.client(),
            k.clientPort(),
            k.server(),
            k.serverPort(),
            c.announcedStart,
            clock.instant(atNanos),
            sent,
            received,
            c.details(containers)));
  }

  /** Reports {@code c} closed; keeps it only while an end lingers, to swallow its late close. */
  private void report(JoinedConnection c) {
    emitClosed(c);
    SocketEnd lingering = c.client != null && !c.client.closed ? c.client : null;
    lingering = c.server != null && !c.server.closed ? c.server : lingering;
    if (lingering == null) {
      remove(c);
    } else {
      c.state = State.REPORTED;
    }
  }

  /** Ends what is known of {@code c} at once (its tuple is reused, or an end vanished). */
  private void finishNow(JoinedConnection c) {
    if (c.state != State.REPORTED) {
      emitClosed(c);
    }
    remove(c);
  }

  private void closeMissed(long seenBeforeNanos, Set<Long> netns) {
    List<JoinedConnection> missed = new ArrayList<>();
    for (JoinedConnection c : connections.values()) {
      if (vanished(c.client, seenBeforeNanos, netns)
          || vanished(c.server, seenBeforeNanos, netns)) {
        missed.add(c);
      }
    }
    for (JoinedConnection c : missed) {
      lost(CLOSE_MISSED);
      finishNow(c);
    }
  }

  private static boolean vanished(SocketEnd end, long seenBeforeNanos, Set<Long> netns) {
    return end != null
        && !end.closed
        && end.lastSeenNanos < seenBeforeNanos
        && netns.contains(end.netns);
  }

  private void remove(JoinedConnection c) {
    connections.remove(c.key, c);
    for (SocketEnd end : new SocketEnd[] {c.client, c.server}) {
      if (end != null) {
        bySocket.remove(end.socket, c);
      }
    }
  }

  /**
   * The closed record: numbers from the closed end, the client's when both closed (mirrored when
   * only the server's is known); an end that never closed (a vanished socket) ends as {@code
   * unknown} with what it had.
   */
  private void emitClosed(JoinedConnection c) {
    SocketEnd view =
        c.client != null && (c.client.closed || c.server == null || !c.server.closed)
            ? c.client
            : c.server;
    boolean mirrored = view == c.server;
    if (c.announcedStart == null) {
      SocketEnd first = c.startEnd();
      c.announcedStart = clock.instant(first.beganNanos());
      c.startSeen = first.startNanos != 0;
    }
    Instant end = clock.instant(view.lastSeenNanos);
    Duration duration = Duration.between(c.announcedStart, end);
    ConnKey k = c.key;
    sink.accept(
        new ConnectionClosed(
            new Connection(
                k.client(),
                k.clientPort(),
                k.server(),
                k.serverPort(),
                c.announcedStart,
                duration.isNegative() ? Duration.ZERO : duration,
                mirrored ? view.received : view.sent,
                mirrored ? view.sent : view.received,
                view.closed ? view.outcome : Outcome.UNKNOWN,
                c.startSeen,
                new SocketDetails(
                    c.client == null ? ProcessInfo.UNKNOWN : c.client.process(containers),
                    c.server == null ? ProcessInfo.UNKNOWN : c.server.process(containers),
                    view.retransmits,
                    view.srttMicros))));
  }

  private void lost(String reason) {
    sink.accept(new EventsLost(LOSS_SOURCE, reason, 1));
  }
}
