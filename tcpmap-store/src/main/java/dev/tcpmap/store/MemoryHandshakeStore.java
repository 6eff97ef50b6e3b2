package dev.tcpmap.store;

import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link HandshakeStore} in a sorted map: the same semantics as {@link SqliteHandshakeStore},
 * without persistence. Certificates are interned as there (one instance per distinct certificate),
 * so a chain repeated on many handshakes costs its certificates once.
 */
public final class MemoryHandshakeStore implements HandshakeStore {

  /** Newest-first order is the reverse of this: by {@code at}, then by write order. */
  private record Key(long at, long seq) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final StoreConfig config;
  private final int maxHandshakes;
  private final NavigableMap<Key, TlsHandshake> rows = new TreeMap<>();
  private final Map<Certificate, Certificate> certificates = new HashMap<>();
  private long seq;
  private long pruned;
  private boolean closed;

  /**
   * @param maxHandshakes the most handshakes kept after {@link #maintain}; at least 1
   */
  public MemoryHandshakeStore(StoreConfig config, int maxHandshakes) {
    this.config = Objects.requireNonNull(config, "config");
    this.maxHandshakes = Handshakes.checkMax(maxHandshakes);
  }

  @Override
  public synchronized void write(Collection<TlsHandshake> batch) {
    open();
    for (TlsHandshake h : Handshakes.checked(batch)) {
      TlsHandshake stored =
          h.certificate().isEmpty() ? h : h.withCertificate(interned(h.certificate().get()));
      rows.put(new Key(Handshakes.nanos(h.at(), "at"), seq++), stored);
    }
  }

  private CertificateChain interned(CertificateChain chain) {
    List<Certificate> shared = new ArrayList<>(chain.chain().size());
    for (Certificate c : chain.chain()) {
      shared.add(certificates.computeIfAbsent(c, k -> k));
    }
    return new CertificateChain(chain.source(), shared, chain.probedAt());
  }

  @Override
  public synchronized HandshakeWindow query(long fromMillis, long toMillis, int limit) {
    open();
    Window window = Handshakes.window(fromMillis, toMillis, limit);
    NavigableMap<Key, TlsHandshake> in =
        rows.subMap(
                new Key(Handshakes.millisToNanos(fromMillis), Long.MIN_VALUE),
                true,
                new Key(Handshakes.millisToNanos(toMillis), Long.MIN_VALUE),
                false)
            .descendingMap();
    List<TlsHandshake> newest = new ArrayList<>(Math.min(limit, 1_024));
    for (TlsHandshake h : in.values()) {
      if (newest.size() == limit) {
        break;
      }
      newest.add(h);
    }
    return new HandshakeWindow(window, newest, in.size());
  }

  @Override
  public synchronized HandshakeMaintenance maintain(long nowMillis) {
    open();
    long cutoff = Handshakes.millisToNanos(nowMillis - config.retention().toMillis());
    NavigableMap<Key, TlsHandshake> old = rows.headMap(new Key(cutoff, Long.MIN_VALUE), false);
    long expired = old.size();
    old.clear();
    long over = Math.max(0, rows.size() - (long) maxHandshakes);
    for (long i = 0; i < over; i++) {
      rows.pollFirstEntry();
    }
    pruned += over;
    Map<Certificate, Certificate> kept = new HashMap<>();
    for (TlsHandshake h : rows.values()) {
      h.certificate().ifPresent(chain -> chain.chain().forEach(c -> kept.put(c, c)));
    }
    long dropped = certificates.size() - kept.size();
    certificates.clear();
    certificates.putAll(kept);
    return new HandshakeMaintenance(expired, over, dropped);
  }

  @Override
  public synchronized Map<String, Long> losses() {
    return pruned == 0 ? Map.of() : Map.of(PRUNED, pruned);
  }

  @Override
  public synchronized HandshakeStats stats() {
    open();
    return new HandshakeStats(rows.size(), certificates.size(), 0);
  }

  @Override
  public synchronized void close() {
    closed = true;
    rows.clear();
    certificates.clear();
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("store closed");
    }
  }
}
