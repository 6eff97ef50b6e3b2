package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.model.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who held each key over time: per key a chain of {@link Tenure}s, newest first, with no gaps
 * between them (a tenure starts where the one before it ended; the first one known starts "since
 * ever", so connections that began before the agent started are named too).
 *
 * <p>Reads ({@link #at}) are lock-free: one map lookup and, nearly always, one comparison on the
 * newest tenure. Writes ({@link #claim}, {@link #release}, {@link #forget}) replace whole chains
 * and must be serialized by the caller (the index's write lock).
 *
 * <pre>
 *   key 10.1.2.3:  [pod-b  from t2 .. open] -&gt; [pod-a  from ever .. t2] -&gt; null
 *   at &lt; t2 names pod-a; at &gt;= t2 names pod-b; pod-a's tenure is a tombstone
 * </pre>
 */
final class History<K> {

  private static final AtomicLong SEQ = new AtomicLong();

  private final ConcurrentHashMap<K, Tenure> newest = new ConcurrentHashMap<>();
  private final Tombstones tombstones;

  History(Tombstones tombstones) {
    this.tombstones = tombstones;
  }

  /** The endpoint that held {@code key} at {@code atNanos}, or null when nobody did. */
  Endpoint at(K key, long atNanos) {
    Tenure t = tenureAt(key, atNanos);
    return t == null ? null : t.endpoint();
  }

  /** The tenure of {@code key} that covers {@code atNanos}, or null. */
  Tenure tenureAt(K key, long atNanos) {
    for (Tenure t = newest.get(key); t != null; t = t.previous()) {
      if (atNanos >= t.from()) {
        return atNanos < t.until() ? t : null;
      }
    }
    return null;
  }

  boolean isEmpty() {
    return newest.isEmpty();
  }

  int keys() {
    return newest.size();
  }

  /**
   * {@code owner} holds {@code key} from {@code now} on (or since ever, if nobody held it before).
   * An owner that already holds it gets its endpoint updated in place; a different current owner is
   * closed at {@code now} and becomes a tombstone. An owner that held the key before and lost it to
   * another cannot take it back: a terminating pod's late status update must not take the IP back
   * from the pod that has it now.
   */
  void claim(K key, String owner, Endpoint endpoint, long now) {
    Tenure head = newest.get(key);
    if (head != null && head.isOpen() && head.owner().equals(owner)) {
      if (!head.endpoint().equals(endpoint)) {
        newest.put(key, head.withEndpoint(endpoint));
      }
      return;
    }
    if (heldBefore(head, owner)) {
      return;
    }
    long from = Tenure.SINCE_EVER;
    Tenure closed = null;
    if (head != null && head.isOpen()) {
      closed = head.closedAt(now);
      from = closed.until();
    } else if (head != null) {
      from = head.until();
    }
    Tenure previous = closed != null ? closed : head;
    newest.put(
        key, new Tenure(SEQ.incrementAndGet(), owner, endpoint, from, Tenure.OPEN, previous));
    if (closed != null) {
      // after the put: the bound may forget a tombstone of this very key, from the chain as it is
      // now
      tombstones.add(this, key, closed);
    }
  }

  /** {@code owner} let go of {@code key} at {@code now}, if it still held it. */
  void release(K key, String owner, long now) {
    Tenure head = newest.get(key);
    if (head != null && head.isOpen() && head.owner().equals(owner)) {
      Tenure closed = head.closedAt(now);
      newest.put(key, closed);
      tombstones.add(this, key, closed);
    }
  }

  /** Drops the tombstone {@code seq} of {@code key}; the key goes when nothing is left. */
  void forget(K key, long seq) {
    Tenure head = newest.get(key);
    List<Tenure> newer = new ArrayList<>();
    Tenure t = head;
    while (t != null && t.seq() != seq) {
      newer.add(t);
      t = t.previous();
    }
    if (t == null) {
      return;
    }
    Tenure rebuilt = t.previous();
    for (int i = newer.size() - 1; i >= 0; i--) {
      rebuilt = newer.get(i).withPrevious(rebuilt);
    }
    if (rebuilt == null) {
      newest.remove(key);
    } else {
      newest.put(key, rebuilt);
    }
  }

  private static boolean heldBefore(Tenure head, String owner) {
    for (Tenure t = head; t != null; t = t.previous()) {
      if (!t.isOpen() && t.owner().equals(owner)) {
        return true;
      }
    }
    return false;
  }
}
