package dev.tcpmap.capture.tls;

import java.lang.foreign.MemorySegment;
import java.security.cert.CertificateFactory;
import java.util.Optional;

/**
 * The TLS handshake of one TCP connection, read passively from both directions' payload.
 *
 * <p>Feed each direction's TCP payload in sequence order from its first byte (the caller orders
 * segments and drops retransmissions); pieces may be cut anywhere. It stops reading a direction as
 * soon as it has what it needs, so feeding a done session costs a field read:
 *
 * <ul>
 *   <li>client: after the first ClientHello (a second one after a HelloRetryRequest is not read);
 *   <li>server: after a TLS 1.3 ServerHello (what follows is encrypted), after ServerHelloDone, a
 *       ChangeCipherSpec (a resumed TLS ≤ 1.2 session), application data or an alert.
 * </ul>
 *
 * Malformed or non-TLS input gives up on that direction with a reason counted in {@link
 * TlsCounters}; nothing is thrown. Not thread safe.
 */
public final class TlsSession {
  static final int CLIENT_HELLO = 1;
  private static final int SERVER_HELLO = 2;
  private static final int CERTIFICATE = 11;
  private static final int SERVER_HELLO_DONE = 14;

  private final TlsCounters counters;
  private final CertificateFactory certificateFactory;
  private final RecordStream client;
  private final RecordStream server;
  private ClientHello clientHello;
  private ServerHello serverHello;
  private boolean helloRetryRequested;
  private CertificateChain certificates;

  TlsSession(int maxBuffered, TlsCounters counters, CertificateFactory certificateFactory) {
    this.counters = counters;
    this.certificateFactory = certificateFactory;
    this.client = new RecordStream(maxBuffered, new ClientSide());
    this.server = new RecordStream(maxBuffered, new ServerSide());
  }

  /** The next client→server payload bytes {@code data[offset, offset + length)}. */
  public void client(MemorySegment data, long offset, int length) {
    feed(client, data, offset, length);
  }

  /** The next server→client payload bytes {@code data[offset, offset + length)}. */
  public void server(MemorySegment data, long offset, int length) {
    feed(server, data, offset, length);
  }

  public void client(byte[] data, int offset, int length) {
    client(MemorySegment.ofArray(data), offset, length);
  }

  public void server(byte[] data, int offset, int length) {
    server(MemorySegment.ofArray(data), offset, length);
  }

  /** True when neither direction will read more: everything needed was seen, or it gave up. */
  public boolean isDone() {
    return client.state() != RecordStream.State.RUNNING
        && server.state() != RecordStream.State.RUNNING;
  }

  /** True when a direction gave up on malformed or non-TLS input. */
  public boolean gaveUp() {
    return client.state() == RecordStream.State.GAVE_UP
        || server.state() == RecordStream.State.GAVE_UP;
  }

  /** Bytes held now for both directions (at most twice the parser's cap). */
  public int buffered() {
    return client.buffered() + server.buffered();
  }

  /** What was seen so far. */
  public Handshake handshake() {
    return new Handshake(
        Optional.ofNullable(clientHello),
        Optional.ofNullable(serverHello),
        helloRetryRequested,
        Optional.ofNullable(certificates));
  }

  private void feed(RecordStream stream, MemorySegment data, long offset, int length) {
    if (stream.state() != RecordStream.State.RUNNING) {
      return;
    }
    stream.feed(data, offset, length);
    if (stream.state() == RecordStream.State.GAVE_UP) {
      counters.problem(stream.reason(), 1);
    }
  }

  private final class ClientSide implements RecordStream.Handler {
    @Override
    public boolean message(int type, byte[] body, int offset, int length)
        throws TlsFormatException {
      if (type != CLIENT_HELLO) {
        throw new TlsFormatException("unexpected-message", 0);
      }
      clientHello = ClientHello.parse(body, offset, length);
      counters.parsed("client-hello", 1);
      return false;
    }

    @Override
    public boolean record(int contentType) throws TlsFormatException {
      throw new TlsFormatException("unexpected-record", 0);
    }
  }

  private final class ServerSide implements RecordStream.Handler {
    @Override
    public boolean message(int type, byte[] body, int offset, int length)
        throws TlsFormatException {
      if (type == SERVER_HELLO) {
        return serverHello(ServerHello.parse(body, offset, length));
      }
      if (serverHello == null) {
        throw new TlsFormatException("unexpected-message", 0);
      }
      if (type == CERTIFICATE && certificates == null) {
        certificates = CertificateChain.parse(body, offset, length, certificateFactory);
        counters.parsed("certificate-chain", 1);
        counters.parsed("certificate", certificates.certificates().size());
        counters.problem("certificate-unreadable", certificates.unreadable());
      }
      return type != SERVER_HELLO_DONE;
    }

    private boolean serverHello(ServerHello hello) throws TlsFormatException {
      if (serverHello != null) {
        throw new TlsFormatException("unexpected-message", 0);
      }
      if (hello.helloRetryRequest() && !helloRetryRequested) {
        helloRetryRequested = true;
        counters.parsed("hello-retry-request", 1);
        return true;
      }
      serverHello = hello;
      counters.parsed("server-hello", 1);
      return !hello.encryptsHandshake();
    }

    @Override
    public boolean record(int contentType) throws TlsFormatException {
      return switch (contentType) {
        // RFC 8446 §D.4: a TLS 1.3 server in compatibility mode sends a ChangeCipherSpec after a
        // HelloRetryRequest; in TLS <= 1.2 a ChangeCipherSpec ends the plaintext handshake.
        case RecordStream.CHANGE_CIPHER_SPEC -> helloRetryRequested && serverHello == null;
        case RecordStream.ALERT -> {
          counters.parsed("alert", 1);
          yield false;
        }
        case RecordStream.HEARTBEAT -> true;
        default -> { // application data: the handshake is over, or this is not TLS
          if (serverHello == null) {
            throw new TlsFormatException("unexpected-record", 0);
          }
          yield false;
        }
      };
    }
  }
}
