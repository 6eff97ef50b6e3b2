package dev.tcpmap.enrich.probe;

import dev.tcpmap.capture.tls.TlsHandshakes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A server on loopback for the probe's tests: a JDK TLS 1.3 server with the capture module's test
 * key store ({@code CN=tls.test,O=tcpmap}, SANs {@code tls.test, alt.tls.test, 127.0.0.1}, valid
 * 2025-01-02T03:04:05Z to 2026-02-06T03:04:05Z, issued by {@code CN=tcpmap test CA,O=tcpmap}), or a
 * server that accepts and never answers, or one that answers in clear text. It counts connections
 * and keeps the SNI each TLS client sent ({@code ""} for none).
 */
public final class TestTlsServer implements AutoCloseable {
  /** What the server does with a connection. */
  public enum Mode {
    TLS13,
    SILENT,
    PLAINTEXT
  }

  private final ServerSocket socket;
  private final Mode mode;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> snis = new LinkedBlockingQueue<>();
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  private TestTlsServer(ServerSocket socket, Mode mode) {
    this.socket = socket;
    this.mode = mode;
    Thread.ofVirtual().name("test-tls-server").start(this::accept);
  }

  /** Listens on {@code address} (a loopback address), a free port. */
  public static TestTlsServer start(String address, Mode mode) throws Exception {
    ServerSocket socket = mode == Mode.TLS13 ? tlsSocket() : new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    return new TestTlsServer(socket, mode);
  }

  private static ServerSocket tlsSocket() throws Exception {
    SSLContext context = TlsHandshakes.context();
    SSLServerSocket server =
        (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    SSLParameters parameters = server.getSSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3"});
    server.setSSLParameters(parameters);
    return server;
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** The client ports of the connections accepted so far, in order. */
  public List<Integer> clientPorts() {
    return List.copyOf(clientPorts);
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /**
   * The SNI of the next TLS handshake the server completes ({@code ""} for none); waits for it (the
   * client may finish its side first), at most 10 s, then fails.
   */
  public String nextSni() throws InterruptedException {
    String sni = snis.poll(10, TimeUnit.SECONDS);
    if (sni == null) {
      throw new AssertionError("no TLS handshake completed on port " + port());
    }
    return sni;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        clientPorts.add(s.getPort());
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> answer(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void answer(Socket s) {
    switch (mode) {
      case SILENT -> held.add(s); // never answers; closed with the server
      case PLAINTEXT -> {
        try (s) {
          s.getOutputStream()
              .write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the prober went away
        }
      }
      case TLS13 -> {
        try (SSLSocket tls = (SSLSocket) s) {
          tls.setSoTimeout(10_000);
          tls.startHandshake();
          snis.add(sni((ExtendedSSLSession) tls.getSession()));
          // The prober closes after the handshake: read until it has.
          tls.getInputStream().read();
        } catch (IOException e) {
          // the prober closed without close_notify
        }
      }
    }
  }

  /**
   * A JDK client's TLS 1.3 handshake with {@code sni} to the server, then close; trusts any chain
   * (the test certificate's dates are fixed). Returns the client's port.
   */
  public int clientHandshake(String sni) throws Exception {
    try (SSLSocket client = (SSLSocket) TlsHandshakes.context().getSocketFactory().createSocket()) {
      client.connect(socket.getLocalSocketAddress(), 10_000);
      client.setSoTimeout(10_000);
      SSLParameters parameters = client.getSSLParameters();
      parameters.setProtocols(new String[] {"TLSv1.3"});
      parameters.setServerNames(List.of(new SNIHostName(sni)));
      client.setSSLParameters(parameters);
      client.startHandshake();
      return client.getLocalPort();
    }
  }

  private static String sni(ExtendedSSLSession session) {
    for (SNIServerName name : session.getRequestedServerNames()) {
      if (name instanceof SNIHostName host) {
        return host.getAsciiName();
      }
    }
    return "";
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : held) {
      s.close();
    }
  }
}
