package dev.tcpmap.query.tls;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One server certificate (a chain's leaf) and where it was seen: the answer to "what expires next,
 * and who presents it".
 *
 * @param leaf the certificate
 * @param source how it was learnt the last time it was seen
 * @param firstSeen the earliest handshake that carried it
 * @param lastSeen the latest handshake that carried it
 * @param servers the servers that presented it, by IP, port, then SNI ({@code ""} without SNI)
 */
public record ServerCertificate(
    Certificate leaf,
    CertificateChain.Source source,
    Instant firstSeen,
    Instant lastSeen,
    List<Server> servers) {

  /** A server that presented a certificate, and the name the client asked it for. */
  public record Server(IpAddress ip, int port, String sni) implements Comparable<Server> {
    private static final Comparator<Server> ORDER =
        Comparator.comparing(Server::ip).thenComparingInt(Server::port).thenComparing(Server::sni);

    public Server {
      Objects.requireNonNull(ip, "ip");
      Objects.requireNonNull(sni, "sni");
    }

    @Override
    public int compareTo(Server other) {
      return ORDER.compare(this, other);
    }
  }

  public ServerCertificate {
    Checks.nonNull("leaf source firstSeen lastSeen", leaf, source, firstSeen, lastSeen);
    servers = List.copyOf(servers);
  }

  /**
   * The distinct leaves of the handshakes captured within {@code range}, soonest {@code notAfter}
   * first (then by subject, issuer, serial). Two leaves are one certificate when subject, issuer,
   * serial and validity are equal (a CA never reuses a serial).
   */
  public static List<ServerCertificate> of(Collection<TlsHandshake> handshakes, TimeRange range) {
    Map<Certificate, Builder> byLeaf = new HashMap<>();
    for (TlsHandshake h : handshakes) {
      if (h.certificate().isEmpty() || !range.overlaps(h.at(), h.at())) {
        continue;
      }
      CertificateChain chain = h.certificate().get();
      Certificate key = withoutSans(chain.leaf());
      byLeaf.computeIfAbsent(key, k -> new Builder(chain.leaf())).add(h, chain.source());
    }
    List<ServerCertificate> out = new ArrayList<>();
    byLeaf.values().forEach(b -> out.add(b.build()));
    out.sort(
        Comparator.comparing((ServerCertificate c) -> c.leaf().notAfter())
            .thenComparing(c -> c.leaf().subject())
            .thenComparing(c -> c.leaf().issuer())
            .thenComparing(c -> c.leaf().serial()));
    return out;
  }

  private static Certificate withoutSans(Certificate c) {
    return new Certificate(
        c.subject(), c.issuer(), List.of(), c.notBefore(), c.notAfter(), c.serial());
  }

  private static final class Builder {
    private final Certificate leaf;
    private final TreeSet<Server> servers = new TreeSet<>();
    private CertificateChain.Source source;
    private Instant first;
    private Instant last;

    Builder(Certificate leaf) {
      this.leaf = leaf;
    }

    void add(TlsHandshake h, CertificateChain.Source from) {
      servers.add(new Server(h.server(), h.serverPort(), h.sni()));
      if (first == null || h.at().isBefore(first)) {
        first = h.at();
      }
      if (last == null || !h.at().isBefore(last)) {
        last = h.at();
        source = from;
      }
    }

    ServerCertificate build() {
      return new ServerCertificate(leaf, source, first, last, List.copyOf(servers));
    }
  }
}
