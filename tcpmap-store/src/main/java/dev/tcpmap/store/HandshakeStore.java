package dev.tcpmap.store;

import dev.tcpmap.core.tls.TlsHandshake;
import java.util.Collection;
import java.util.Map;

/**
 * The TLS handshakes seen, with their certificate chains, kept for the retention of {@link
 * StoreConfig#retention()} and at most a configured number of them.
 *
 * <p><b>Time.</b> A handshake is an instant, {@link TlsHandshake#at()}; a window {@code [from, to)}
 * in epoch milliseconds holds the handshakes with {@code from <= at < to}, compared at full
 * (nanosecond) precision. Instants are stored as epoch nanoseconds, so {@code at}, {@code
 * connectionStart} and a probe time must lie between 1677-09-21 and 2262-04-11 (a clock reading
 * always does); certificate validity may be any instant (9999-12-31 is common).
 *
 * <p><b>Order.</b> Newest first: by {@code at} descending, then the later written first. The
 * oldest, dropped first by the bound, are the last of that order.
 *
 * <p><b>Bound.</b> {@link #maintain} drops what the retention has passed, then the oldest beyond
 * the store's {@code maxHandshakes}, counting the latter in {@link #losses()} as {@value #PRUNED}.
 * Between two maintenance runs the store grows by what is written.
 *
 * <p><b>Threading.</b> Every method may be called from any thread; writes and maintenance are
 * serialized, queries may run beside them and see whole writes only.
 *
 * <p><b>Failure.</b> Storage failures are a {@link StoreException} with a {@link
 * StoreException.Kind}; a failed {@link #write} has written nothing of its batch. Invalid input is
 * an {@link IllegalArgumentException} (or {@link NullPointerException} for a null), checked before
 * anything is written.
 */
public interface HandshakeStore extends AutoCloseable {

  /** The loss counted once per handshake dropped because the store held {@code maxHandshakes}. */
  String PRUNED = "history/tls-pruned";

  /** Adds every handshake, all or nothing. */
  void write(Collection<TlsHandshake> batch);

  /**
   * The newest {@code limit} handshakes with {@code at} in {@code [fromMillis, toMillis)}, and how
   * many the window holds in all.
   *
   * @throws IllegalArgumentException when {@code to < from}, {@code from < 0} or {@code limit < 0}
   */
  HandshakeWindow query(long fromMillis, long toMillis, int limit);

  /**
   * Drops the handshakes with {@code at < now - retention}, then the oldest beyond {@code
   * maxHandshakes} (counted), then the certificates and chains no handshake refers to any more.
   * Meant to run once in a while (every minute, say).
   */
  HandshakeMaintenance maintain(long nowMillis);

  /** What the store dropped against its bound since it was opened, by loss name. */
  Map<String, Long> losses();

  /** Handshakes, certificates and bytes on disk. May scan the store: for status pages. */
  HandshakeStats stats();

  /** Releases files and connections; further calls fail. */
  @Override
  void close();
}
