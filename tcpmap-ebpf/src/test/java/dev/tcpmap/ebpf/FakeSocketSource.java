package dev.tcpmap.ebpf;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import dev.tcpmap.ebpf.socket.SocketSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A scripted socket source: tests push ring-buffer records and set what the iterator sees. */
public final class FakeSocketSource implements SocketSource {
  private final LinkedBlockingQueue<SocketRecord> ring = new LinkedBlockingQueue<>();
  private final Map<String, Long> losses = new ConcurrentHashMap<>();
  private volatile List<SocketRecord> live = List.of();
  private volatile boolean closed;

  /** Queues records as if the ring buffer delivered them. */
  public void emit(SocketRecord... records) {
    ring.addAll(List.of(records));
  }

  /** What the next iterations return. */
  public void setLive(SocketRecord... records) {
    live = List.of(records);
  }

  public void setLoss(String reason, long total) {
    losses.put(reason, total);
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public int poll(Duration timeout, Consumer<SocketRecord> sink) {
    if (closed) {
      throw new IllegalStateException("polled after close");
    }
    List<SocketRecord> batch = new ArrayList<>();
    try {
      SocketRecord first = ring.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (first == null) {
        return 0;
      }
      batch.add(first);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    ring.drainTo(batch);
    batch.forEach(sink);
    return batch.size();
  }

  /** The live records, stamped now as the kernel's iterator would. */
  @Override
  public List<SocketRecord> iterate() {
    long now = System.nanoTime();
    return live.stream().map(r -> at(r, now)).toList();
  }

  private static SocketRecord at(SocketRecord r, long atNanos) {
    return new SocketRecord(
        r.kind(),
        r.socket(),
        r.netns(),
        r.local(),
        r.localPort(),
        r.remote(),
        r.remotePort(),
        r.role(),
        r.startNanos(),
        atNanos,
        r.bytesSent(),
        r.bytesReceived(),
        r.outcome(),
        r.retransmits(),
        r.srttMicros(),
        r.pid(),
        r.command(),
        r.cgroup());
  }

  @Override
  public Map<String, Long> losses() {
    return Map.copyOf(losses);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** A record of one socket, timed {@code agoMillis} before now on the monotonic clock. */
  public static SocketRecord record(
      Kind kind,
      long socket,
      String local,
      int localPort,
      String remote,
      int remotePort,
      Role role,
      long sent,
      long received,
      Outcome outcome,
      int pid,
      String command) {
    long now = System.nanoTime();
    return new SocketRecord(
        kind,
        socket,
        4026531840L,
        IpAddress.parse(local),
        localPort,
        IpAddress.parse(remote),
        remotePort,
        role,
        role == Role.UNKNOWN ? 0 : now - 50_000_000L,
        now,
        sent,
        received,
        outcome,
        0,
        120,
        pid,
        command,
        0);
  }
}
