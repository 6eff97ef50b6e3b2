package dev.tcpmap.core.tls;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A server's certificate chain and how it was learnt.
 *
 * @param source {@link Source#OBSERVED} when read from the handshake in packets (TLS ≤ 1.2 only:
 *     TLS 1.3 encrypts the Certificate message), {@link Source#PROBED} when fetched by connecting
 *     to the server as k8spacket does
 * @param chain the certificates the server sent, leaf first; never empty
 */
public record CertificateChain(Source source, List<Certificate> chain) {

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
  }

  /** The server's own certificate: the first of the chain. */
  public Certificate leaf() {
    return chain.getFirst();
  }
}
