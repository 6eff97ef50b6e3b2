package dev.tcpmap.store;

import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** What both handshake stores share: argument checks, nanosecond instants, list text. */
final class Handshakes {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private Handshakes() {}

  /** The bound of a store, checked when it is made. */
  static int checkMax(int maxHandshakes) {
    if (maxHandshakes < 1) {
      throw new IllegalArgumentException("maxHandshakes must be at least 1: " + maxHandshakes);
    }
    return maxHandshakes;
  }

  /** The batch as a list, every handshake checked to be storable; throws before any is stored. */
  static List<TlsHandshake> checked(Collection<TlsHandshake> batch) {
    Objects.requireNonNull(batch, "batch");
    List<TlsHandshake> out = new ArrayList<>(batch.size());
    for (TlsHandshake h : batch) {
      Objects.requireNonNull(h, "handshake in batch");
      nanos(h.at(), "at");
      nanos(h.connectionStart(), "connectionStart");
      h.certificate().flatMap(CertificateChain::probedAt).ifPresent(t -> nanos(t, "probedAt"));
      checkTexts(h);
      out.add(h);
    }
    return out;
  }

  /**
   * SQLite stores text as UTF-8, which has no form for half a surrogate pair: it would come back as
   * {@code "?"}. The capture's strings are ISO 8859-1 or X.500 names, so such a string is a bug
   * upstream, refused here rather than stored changed.
   */
  private static void checkTexts(TlsHandshake h) {
    text(h.sni(), "sni");
    h.clientVersions().forEach(s -> text(s, "clientVersions"));
    h.clientCipherSuites().forEach(s -> text(s, "clientCipherSuites"));
    h.alpnOffered().forEach(s -> text(s, "alpnOffered"));
    text(h.alpnChosen(), "alpnChosen");
    text(h.version(), "version");
    text(h.cipherSuite(), "cipherSuite");
    text(h.ja4(), "ja4");
    for (Certificate c : h.certificate().map(CertificateChain::chain).orElse(List.of())) {
      text(c.subject(), "certificate subject");
      text(c.issuer(), "certificate issuer");
      c.sans().forEach(s -> text(s, "certificate sans"));
      text(c.serial(), "certificate serial");
    }
  }

  private static void text(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " has half a surrogate pair at char " + i + ", which UTF-8 cannot store");
      }
    }
  }

  /** The window, checked as the rollup store checks it. */
  static Window window(long fromMillis, long toMillis, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit is negative: " + limit);
    }
    return Buckets.checked(fromMillis, toMillis);
  }

  /**
   * Epoch nanoseconds of {@code t}; a long holds 1677-09-21 to 2262-04-11, which every clock
   * reading of a running agent is in.
   */
  static long nanos(Instant t, String what) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), NANOS_PER_SECOND), t.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          what + " out of the storable range 1677-09-21..2262-04-11: " + t, e);
    }
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /**
   * Epoch nanoseconds of epoch milliseconds, saturating past the range of a long: a window whose
   * start saturates also has its end saturated, {@code [MAX, MAX)}, and holds nothing.
   */
  static long millisToNanos(long millis) {
    try {
      return Math.multiplyExact(millis, NANOS_PER_MILLI);
    } catch (ArithmeticException e) {
      return millis < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * A list of strings as one text: each element as its length in chars, a colon and itself ({@code
   * ["h2", "http/1.1"]} is {@code "2:h28:http/1.1"}), so that any string, separators included,
   * comes back as it was.
   */
  static String encode(List<String> list) {
    StringBuilder out = new StringBuilder();
    for (String s : list) {
      out.append(s.length()).append(':').append(s);
    }
    return out.toString();
  }

  /** The list of {@link #encode}; a malformed text is an {@link IllegalArgumentException}. */
  static List<String> decode(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int colon = text.indexOf(':', i);
      if (colon < 0) {
        throw new IllegalArgumentException("list text without a colon at char " + i);
      }
      int length;
      try {
        length = Integer.parseInt(text, i, colon, 10);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("list text with a bad length at char " + i, e);
      }
      int end = colon + 1 + length;
      if (length < 0 || end > text.length()) {
        throw new IllegalArgumentException("list text with a bad length at char " + i);
      }
      out.add(text.substring(colon + 1, end));
      i = end;
    }
    return List.copyOf(out);
  }
}
