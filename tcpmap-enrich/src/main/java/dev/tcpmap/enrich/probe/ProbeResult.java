package dev.tcpmap.enrich.probe;

import dev.tcpmap.core.tls.CertificateChain;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one probe learnt: the server's chain, or why there is none.
 *
 * @param at when the probe ended (a probed chain's {@code lastScrape})
 * @param chain the chain, {@code probed} at {@code at}; empty when the probe failed
 * @param failure the reason of a failure ({@code refused}, {@code timeout}, {@code not-tls}, …), or
 *     {@code ""} with a chain
 */
public record ProbeResult(
    ProbeTarget target, Instant at, Optional<CertificateChain> chain, String failure) {
  public ProbeResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(failure, "failure");
    if (chain.isPresent() == !failure.isEmpty()) {
      throw new IllegalArgumentException(
          "a result has a chain or a failure, not both nor neither: \"" + failure + "\"");
    }
  }

  static ProbeResult failed(ProbeTarget target, Instant at, String reason) {
    return new ProbeResult(target, at, Optional.empty(), reason);
  }
}
