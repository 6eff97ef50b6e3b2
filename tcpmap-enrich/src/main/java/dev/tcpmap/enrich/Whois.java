package dev.tcpmap.enrich;

import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * whois (RFC 3912): the address and CRLF sent to TCP port 43, the answer read to EOF. IANA's server
 * answers with a {@code refer:} line naming the registry (whois.ripe.net, whois.arin.net, …); that
 * one referral is followed, no more (a loop or a chain costs one extra query at most), and only to
 * a whois server, on port 43: an answer cannot send tcpmap to any other service. The name is the
 * first group of the configured regex's first match, as k8spacket's {@code
 * K8S_PACKET_REVERSE_WHOIS_REGEXP}. Thread-safe: a connection per query.
 */
final class Whois {
  /** Answers are a few KiB; a server that sends more is cut here (what came is still read). */
  static final int MAX_ANSWER = 64 * 1024;

  /** whois's port (RFC 3912), the only one a referral may name. */
  static final int PORT = 43;

  private static final Pattern REFER = Pattern.compile("(?im)^\\s*refer:\\s*(\\S+)");

  private final HostPort server;
  private final Pattern regex;
  private final Duration timeout;
  private final int referralPort;

  Whois(HostPort server, Pattern regex, Duration timeout) {
    this(server, regex, timeout, PORT);
  }

  /** With another port for referrals: tests, whose servers cannot all listen on 43. */
  Whois(HostPort server, Pattern regex, Duration timeout, int referralPort) {
    this.server = server;
    this.regex = regex;
    this.timeout = timeout;
    this.referralPort = referralPort;
  }

  /** A referral to a port other than whois's, not followed. */
  static final class RefusedReferral extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedReferral(String referral) {
      super("whois referral to another port than " + PORT + " not followed: " + referral);
    }
  }

  HostPort server() {
    return server;
  }

  /**
   * The regex's first group in the (referred) answer for {@code address}, stripped; empty when it
   * does not match or matches empty.
   *
   * @throws SocketTimeoutException when a server does not connect or answer within the timeout
   * @throws RefusedReferral when the first server refers to a port other than whois's
   * @throws IOException when a server cannot be reached
   */
  Optional<String> organisation(IpAddress address) throws IOException {
    String answer = query(server, address);
    Matcher refer = REFER.matcher(answer);
    if (refer.find()) {
      HostPort next;
      try {
        next = HostPort.parse(refer.group(1), referralPort);
      } catch (IllegalArgumentException e) {
        throw new RefusedReferral(refer.group(1));
      }
      if (next.port() != referralPort) {
        throw new RefusedReferral(refer.group(1));
      }
      answer = query(next, address);
    }
    Matcher match = regex.matcher(answer);
    if (!match.find() || match.group(1) == null) {
      return Optional.empty();
    }
    String name = match.group(1).strip();
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  private String query(HostPort to, IpAddress address) throws IOException {
    int millis = (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(to.host(), to.port()), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write((address + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(socket.getInputStream(), deadline, to);
    }
  }

  /** To EOF, at most {@link #MAX_ANSWER} bytes, within the deadline (a trickling server stops). */
  private String read(InputStream in, long deadline, HostPort from) throws IOException {
    byte[] answer = new byte[MAX_ANSWER];
    int filled = 0;
    while (filled < answer.length) {
      if (System.nanoTime() > deadline) {
        throw new SocketTimeoutException("whois answer from " + from + " took over " + timeout);
      }
      int n = in.read(answer, filled, answer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return new String(answer, 0, filled, StandardCharsets.UTF_8);
  }
}
