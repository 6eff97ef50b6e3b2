package dev.tcpmap.capture.track;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the {@link UdpTracker} and of the DNS queries awaiting their answers, on the capture
 * clock.
 *
 * @param idleTimeout a UDP flow with no datagram for this long ends ({@code udp.idle-timeout})
 * @param maxFlows at most this many UDP flows are followed at once, and as many DNS queries await
 *     their answers; beyond it the least recently active is evicted and counted ({@code
 *     udp.max-flows}, 16 to {@value #MAX_FLOWS_LIMIT}). About 200 bytes each.
 * @param dnsTimeout a DNS query without a response for this long is unanswered ({@code
 *     udp.dns-timeout})
 */
public record UdpConfig(Duration idleTimeout, int maxFlows, Duration dnsTimeout) {

  /** 200 bytes × 2^22: under 1 GiB even at the limit. */
  public static final int MAX_FLOWS_LIMIT = 1 << 22;

  public UdpConfig {
    Objects.requireNonNull(idleTimeout, "udp.idle-timeout");
    Objects.requireNonNull(dnsTimeout, "udp.dns-timeout");
    if (!idleTimeout.isPositive()) {
      throw new IllegalArgumentException("udp.idle-timeout must be positive: " + idleTimeout);
    }
    if (!dnsTimeout.isPositive()) {
      throw new IllegalArgumentException("udp.dns-timeout must be positive: " + dnsTimeout);
    }
    if (maxFlows < 16 || maxFlows > MAX_FLOWS_LIMIT) {
      throw new IllegalArgumentException(
          "udp.max-flows must be between 16 and " + MAX_FLOWS_LIMIT + ": " + maxFlows);
    }
  }

  /** Idle timeout 30 s, 65,536 flows, DNS answers within 5 s (glibc's resolver default). */
  public static UdpConfig defaults() {
    return new UdpConfig(Duration.ofSeconds(30), 65_536, Duration.ofSeconds(5));
  }
}
