package dev.tcpmap.core.tls;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A server's certificate chain and how it was learnt.
 *
 * @param source {@link Source#OBSERVED} when read from the handshake in packets (TLS ≤ 1.2 only:
 *     TLS 1.3 encrypts the Certificate message), {@link Source#PROBED} when fetched by connecting
 *     to the server as k8spacket does
 * @param chain the certificates the server sent, leaf first; never empty
 * @param probedAt when the probe read it (k8spacket's {@code lastScrape}); empty for an observed
 *     chain, whose time is the handshake's
 */
public record CertificateChain(Source source, List<Certificate> chain, Optional<Instant> probedAt) {

  /** Where a chain came from; the wire name is the constant in lower case. */
  public enum Source {
    OBSERVED,
    PROBED;

    /** {@code "observed"} or {@code "probed"}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CertificateChain {
    Objects.requireNonNull(source, "source");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain is empty");
    }
    Objects.requireNonNull(probedAt, "probedAt");
    if (probedAt.isPresent() && source != Source.PROBED) {
      throw new IllegalArgumentException("only a probed chain has a probe time: " + source);
    }
  }

  /** A chain without a probe time of its own. */
  public CertificateChain(Source source, List<Certificate> chain) {
    this(source, chain, Optional.empty());
  }

  /** A chain read by a probe at {@code at}. */
  public static CertificateChain probed(List<Certificate> chain, Instant at) {
    return new CertificateChain(Source.PROBED, chain, Optional.of(at));
  }

  /** The server's own certificate: the first of the chain. */
  public Certificate leaf() {
    return chain.getFirst();
  }
}
