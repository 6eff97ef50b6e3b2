package dev.tcpmap.enrich.probe;

import dev.tcpmap.capture.tls.Observations;
import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.tls.CertificateChain;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One certificate probe, as k8spacket makes for TLS 1.3 (whose Certificate message is encrypted):
 * connect to the server, complete a TLS handshake with the SNI the client sent, take the peer's
 * chain, close. Nothing is sent after the handshake.
 *
 * <p>Blocking; any thread (each call has its own socket). The connect and the handshake each get
 * {@code timeout} (the handshake's as the socket's read timeout: a server that sends nothing is
 * given up after it). Failures are results with a reason, never exceptions: {@code refused}
 * (connection refused), {@code timeout}, {@code unreachable} (no route), {@code not-tls} (the
 * answer was not a TLS record), {@code handshake-failed} (an alert, or the server closed), {@code
 * no-certificate}, {@code bad-sni} (a name the JDK will not send), {@code io-error}.
 */
public final class TlsProbe {
  private final int timeoutMillis;
  private final InstantSource clock;
  private final SSLContext context;

  private final ProbeSockets sockets;

  public TlsProbe(Duration timeout, InstantSource clock) {
    this(timeout, clock, new ProbeSockets());
  }

  /**
   * @param sockets told of each probe's connection before its handshake starts, so that its
   *     captured handshake can be told from the host's own
   */
  public TlsProbe(Duration timeout, InstantSource clock, ProbeSockets sockets) {
    this.sockets = Objects.requireNonNull(sockets, "sockets");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    this.clock = clock;
    this.context = readingContext();
  }

  /** Probes {@code target}; never throws for what the network or the server does. */
  public CertificateProbed probe(ProbeTarget target) {
    Optional<SNIHostName> sni;
    try {
      sni = target.sni().isEmpty() ? Optional.empty() : Optional.of(new SNIHostName(target.sni()));
    } catch (IllegalArgumentException e) {
      return target.failed(clock.instant(), "bad-sni");
    }
    try (Socket plain = new Socket()) {
      InetAddress address = InetAddress.getByAddress(target.ip().bytes());
      plain.connect(new InetSocketAddress(address, target.port()), timeoutMillis);
      sockets.opened(plain.getLocalPort(), target);
      plain.setSoTimeout(timeoutMillis);
      try (SSLSocket tls =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(plain, address.getHostAddress(), target.port(), true)) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        // The JDK would send the host string as SNI if it were a name; it is an address, so
        // only the client's own SNI (or none) goes out, as the client sent it.
        parameters.setServerNames(sni.<List<SNIServerName>>map(List::of).orElse(List.of()));
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return chain(target, tls.getSession().getPeerCertificates());
      }
    } catch (SSLPeerUnverifiedException e) {
      return target.failed(clock.instant(), "no-certificate");
    } catch (SSLHandshakeException e) {
      return target.failed(clock.instant(), handshakeReason(e));
    } catch (SSLException e) {
      return target.failed(clock.instant(), timedOut(e) ? "timeout" : "not-tls");
    } catch (SocketTimeoutException e) {
      return target.failed(clock.instant(), "timeout");
    } catch (ConnectException e) {
      return target.failed(clock.instant(), "refused");
    } catch (NoRouteToHostException e) {
      return target.failed(clock.instant(), "unreachable");
    } catch (IOException e) {
      return target.failed(clock.instant(), "io-error");
    }
  }

  private CertificateProbed chain(ProbeTarget target, java.security.cert.Certificate[] peer) {
    List<X509Certificate> x509s = new ArrayList<>();
    for (java.security.cert.Certificate c : peer) {
      if (c instanceof X509Certificate x509) {
        x509s.add(x509);
      }
    }
    var at = clock.instant();
    Optional<CertificateChain> chain = Observations.probed(x509s, at);
    return chain.isPresent() ? target.probed(at, chain) : target.failed(at, "no-certificate");
  }

  /**
   * A handshake that the JDK gave up: a timeout while waiting (the JDK wraps the read timeout), a
   * record that is not TLS (plaintext on a TLS port), or the server's alert or close.
   */
  private static String handshakeReason(SSLHandshakeException e) {
    if (timedOut(e)) {
      return "timeout";
    }
    String message = String.valueOf(e.getMessage());
    return message.contains("Unsupported or unrecognized SSL message")
        ? "not-tls"
        : "handshake-failed";
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A context whose trust manager accepts every chain: the probe reads the chain to show it (dates,
   * names), it does not judge it — an expired or self-signed certificate is exactly what a user
   * wants to see, and no data is exchanged over this connection.
   */
  private static SSLContext readingContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ReadEverything()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has a TLS context", e);
    }
  }

  /**
   * Extended, so that the JDK does not wrap it in its own checks (algorithm constraints would
   * refuse, say, a SHA-1 chain that a user still wants to see).
   */
  private static final class ReadEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
