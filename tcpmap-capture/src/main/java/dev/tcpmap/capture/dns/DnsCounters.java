package dev.tcpmap.capture.dns;

import dev.tcpmap.capture.decode.ParseCounters;

/**
 * What one {@link DnsParser} saw: messages {@link #parsed() parsed} by kind ({@code response},
 * {@code query}) and {@link #problems() problems} by reason ({@code dns-truncated}, {@code
 * dns-bad-pointer}, {@code dns-bad-label-type}, {@code dns-name-too-long}, {@code
 * dns-bad-address-length}, {@code dns-bad-data-length}, {@code dns-tcp-empty-message}): messages or
 * TCP streams given up. Not synchronized: read it on the parsing thread or after it is done.
 */
public final class DnsCounters extends ParseCounters {
  DnsCounters() {}

  void message(String kind) {
    countParsed(kind, 1);
  }

  void problem(String reason) {
    countProblem(reason, 1);
  }
}
