package dev.tcpmap.capture.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Real TLS handshakes made by the JDK: a client and a server {@link SSLEngine} talk in memory and
 * every byte each one puts on the "wire" is recorded, as a capture of the TCP payload would be. The
 * engines are the ones behind {@code SSLSocket}, so the bytes are those a socket would send.
 *
 * <p>The server's key store {@code server.p12} (password {@code changeit}) holds an EC P-256 leaf
 * for {@code CN=tls.test,O=tcpmap} (SANs {@code tls.test}, {@code alt.tls.test}, {@code 127.0.0.1},
 * valid 2025-01-02T03:04:05Z to 2026-02-06T03:04:05Z, serial {@code d4fbac67ea6e6798}) issued by
 * {@code CN=tcpmap test CA,O=tcpmap}, made with keytool under {@code TZ=UTC}:
 *
 * <pre>
 * keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=tcpmap test CA,O=tcpmap"
 *   -ext bc:c -startdate "2025/01/01 00:00:00" -validity 3650 -keystore ca.p12 ...
 * keytool -genkeypair -alias server -keyalg EC -groupname secp256r1 -dname "CN=tls.test,O=tcpmap" ...
 * keytool -certreq ... | keytool -gencert -alias ca -startdate "2025/01/02 03:04:05" -validity 400
 *   -ext "san=dns:tls.test,dns:alt.tls.test,ip:127.0.0.1"; then both imported into server.p12
 * </pre>
 *
 * Public for the benchmarks.
 */
public final class TlsHandshakes {
  /** Both directions' bytes of one connection: the handshake, then a little application data. */
  public record Recorded(byte[] client, byte[] server) {}

  private TlsHandshakes() {}

  /**
   * A TLS 1.2 ECDHE-ECDSA handshake for {@code tls.test} offering {@code h2} and {@code http/1.1}:
   * two ALPN protocols and a full certificate chain on the wire, in clear.
   */
  public static Recorded tls12() {
    return record(
        "TLSv1.2",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "tls.test",
        List.of("h2", "http/1.1"));
  }

  /**
   * Runs one handshake and a short request and response.
   *
   * @param protocol {@code "TLSv1.2"} or {@code "TLSv1.3"}
   * @param cipherSuite the only suite the client offers (JSSE name)
   * @param serverName SNI the client sends
   * @param alpn protocols the client offers (the server accepts the same)
   */
  public static Recorded record(
      String protocol, String cipherSuite, String serverName, List<String> alpn) {
    try {
      SSLContext context = context();
      SSLEngine client = context.createSSLEngine(serverName, 443);
      client.setUseClientMode(true);
      SSLParameters parameters = client.getSSLParameters();
      parameters.setProtocols(new String[] {protocol});
      parameters.setCipherSuites(new String[] {cipherSuite});
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
      parameters.setApplicationProtocols(alpn.toArray(String[]::new));
      client.setSSLParameters(parameters);
      SSLEngine server = context.createSSLEngine();
      server.setUseClientMode(false);
      SSLParameters serverParameters = server.getSSLParameters();
      serverParameters.setApplicationProtocols(alpn.toArray(String[]::new));
      server.setSSLParameters(serverParameters);
      return new Conversation(client, server).run();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A context with the test key store's server key and chain ({@code server.p12}) that trusts any
   * peer: for test servers and clients alike.
   */
  public static SSLContext context() throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = TlsHandshakes.class.getResourceAsStream("server.p12")) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
    keyManagers.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), new TrustManager[] {new TrustAll()}, null);
    return context;
  }

  /** The test certificate has fixed dates: the client must not care whether they are current. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Pumps bytes between the two engines until both have exchanged application data. */
  private static final class Conversation {
    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteArrayOutputStream clientWire = new ByteArrayOutputStream();
    private final ByteArrayOutputStream serverWire = new ByteArrayOutputStream();
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer clientApp = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer serverApp = ByteBuffer.allocate(1 << 17);

    Conversation(SSLEngine client, SSLEngine server) {
      this.client = client;
      this.server = server;
    }

    Recorded run() throws IOException {
      ByteBuffer request = ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes());
      ByteBuffer response = ByteBuffer.wrap("HTTP/1.1 204 No Content\r\n\r\n".getBytes());
      for (int round = 0; round < 50; round++) {
        wrap(client, request, toServer, clientWire);
        wrap(server, response, toClient, serverWire);
        unwrap(server, toServer, serverApp);
        unwrap(client, toClient, clientApp);
        if (!request.hasRemaining()
            && !response.hasRemaining()
            && serverApp.position() > 0
            && clientApp.position() > 0) {
          return new Recorded(clientWire.toByteArray(), serverWire.toByteArray());
        }
      }
      throw new IllegalStateException("handshake did not finish");
    }

    private static void wrap(
        SSLEngine engine, ByteBuffer app, ByteBuffer wire, ByteArrayOutputStream recorded)
        throws IOException {
      while (true) {
        int before = wire.position();
        SSLEngineResult result = engine.wrap(app, wire);
        runTasks(engine);
        recorded.write(wire.array(), before, wire.position() - before);
        if (result.bytesProduced() == 0
            || result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP) {
          return;
        }
      }
    }

    private static void unwrap(SSLEngine engine, ByteBuffer wire, ByteBuffer app)
        throws IOException {
      wire.flip();
      while (wire.hasRemaining()) {
        SSLEngineResult result = engine.unwrap(wire, app);
        runTasks(engine);
        if (result.getStatus() != SSLEngineResult.Status.OK
            || (result.bytesConsumed() == 0 && result.bytesProduced() == 0)) {
          break;
        }
      }
      wire.compact();
    }

    private static void runTasks(SSLEngine engine) {
      Runnable task;
      while ((task = engine.getDelegatedTask()) != null) {
        task.run();
      }
    }
  }
}
