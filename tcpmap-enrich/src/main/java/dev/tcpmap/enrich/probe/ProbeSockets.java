package dev.tcpmap.enrich.probe;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.TlsHandshake;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own probe connections, so that live capture's record of them is not taken for the
 * host's traffic: a probe is the agent asking, and without this every TLS 1.3 server would show an
 * extra handshake from the node, next to the client's that caused it.
 *
 * <p>A probe's connection is known by its local port and its server (address and port); the local
 * address is left out, since the capture may see it translated. Probe threads {@link #opened} a
 * connection before its ClientHello is sent, and the poll thread asks {@link #isProbe} once the
 * capture reported the handshake, so the entry is always there first. Thread-safe. Entries are
 * taken when matched and forgotten after {@link #KEEP_NANOS} (the probe never reached the capture,
 * e.g. on an interface not captured); at most {@link #MAX_ENTRIES} are held.
 */
public final class ProbeSockets {
  static final long KEEP_NANOS = 60_000_000_000L;
  static final int MAX_ENTRIES = 4_096;

  private record Key(int localPort, IpAddress server, int serverPort) {}

  private final Map<Key, Long> open = new ConcurrentHashMap<>();

  /** A probe connected from {@code localPort} to {@code target}. Any thread. */
  public void opened(int localPort, ProbeTarget target) {
    long now = System.nanoTime();
    if (open.size() >= MAX_ENTRIES) {
      open.values().removeIf(at -> now - at > KEEP_NANOS);
      if (open.size() >= MAX_ENTRIES) {
        open.clear(); // only possible with probes far beyond their bound in flight
      }
    }
    open.put(new Key(localPort, target.ip(), target.port()), now);
  }

  /** Whether {@code h} is the handshake of one of the probes' connections; it is then forgotten. */
  public boolean isProbe(TlsHandshake h) {
    if (open.isEmpty()) {
      return false;
    }
    Long at = open.remove(new Key(h.clientPort(), h.server(), h.serverPort()));
    return at != null && System.nanoTime() - at <= KEEP_NANOS;
  }
}
