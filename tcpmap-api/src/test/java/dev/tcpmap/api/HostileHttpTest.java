package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.RawHttp.Reply;
import dev.tcpmap.api.http.HttpLimits;
import dev.tcpmap.api.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a hostile network may send, over real sockets to a real server on loopback: each request
 * gets a definite status with tcpmap's JSON error (never HTML, never a Java class name, never a
 * {@code Server} header, no warning in the log), half-sent requests get a 408 within the request
 * timeout and are closed. Every read is bounded by a socket timeout: a hang fails the case as
 * {@link Reply#HUNG}, a connection left open as "still open".
 */
class HostileHttpTest {
  /** Far longer than any answer takes on loopback; only a hang reaches it. */
  private static final Duration ANSWER = Duration.ofSeconds(10);

  /** The server's limits, with timeouts short enough to wait for in a test. */
  static final HttpLimits LIMITS =
      HttpLimits.DEFAULTS.withTimeouts(Duration.ofMillis(500), Duration.ofMillis(1500));

  private static final Capture JETTY_WARNINGS = new Capture();
  // Held here: java.util.logging forgets a logger (and its handlers) nobody references.
  private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

  private static ApiServer server;

  /** What Jetty logs at WARNING or above. */
  static final class Capture extends Handler {
    final List<String> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        records.add(record.getLoggerName() + ": " + record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @BeforeAll
  static void start() {
    JETTY_LOG.addHandler(JETTY_WARNINGS);
    server = TestServers.start(LIMITS);
  }

  @AfterAll
  static void stop() {
    JETTY_LOG.removeHandler(JETTY_WARNINGS);
    server.close();
  }

  /** A request as sent on the wire and the status it must get. */
  record Hostile(String name, String request, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A GET of {@code target} with {@code fields} (each ending in CRLF), closing after the answer.
   */
  private static String get(String target, String fields) {
    return "GET "
        + target
        + " HTTP/1.1\r\nHost: localhost\r\n"
        + fields
        + "Connection: close\r\n\r\n";
  }

  private static String get(String target) {
    return get(target, "");
  }

  /** A GET of the graph naming {@code host} in {@code Host}. */
  private static String rebound(String host) {
    return "GET /api/v1/graph HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  }

  /** A browser's preflight from a page of {@code origin}, to {@code host}. */
  private static String preflight(String host, String origin) {
    return "OPTIONS /api/v1/graph HTTP/1.1\r\nHost: "
        + host
        + "\r\nOrigin: "
        + origin
        + "\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: x-a\r\n"
        + "Connection: close\r\n\r\n";
  }

  static Stream<Hostile> hostileRequests() {
    StringBuilder manyFields = new StringBuilder();
    for (int i = 0; i < 201; i++) {
      manyFields.append("X-Field-").append(i).append(": ").append(i).append("\r\n");
    }
    return Stream.of(
        // (b) the JDK server answered these with an HTML page naming a Java exception
        new Hostile("bad escape in the query", get("/api/v1/connections?limit=%zz"), 400),
        new Hostile("lone % in the query", get("/api/v1/connections?limit=%"), 400),
        new Hostile("lone % in the path", get("/api/v1/%"), 400),
        new Hostile(
            "Content-Length beyond a long",
            get("/api/v1/graph", "Content-Length: 99999999999999999999\r\n"),
            400),
        // (b) the JDK server closed these without a status
        new Hostile("201 header fields", get("/api/v1/graph", manyFields.toString()), 431),
        new Hostile(
            "a 390 KB header field",
            get("/api/v1/graph", "X-Big: " + "a".repeat(390 * 1024) + "\r\n"),
            431),
        new Hostile("a 1 MB path", get("/api/v1/" + "a".repeat(1024 * 1024)), 414),
        new Hostile("a 1 MB query", get("/api/v1/graph?x=" + "a".repeat(1024 * 1024)), 414),
        // (b) the JDK server never answered this one
        new Hostile(
            "bare LF line ends",
            "GET /api/v1/graph HTTP/1.1\nHost: localhost\nConnection: close\n\n",
            400),
        // (c) the JDK server answered these with a 200, past a proxy filtering on the path
        new Hostile("empty first segment", get("//x/api/v1/peer/edges"), 400),
        new Hostile(
            "absolute-form target, Host as in the target",
            "GET http://evil.example/api/v1/graph HTTP/1.1\r\nHost: evil.example\r\n"
                + "Connection: close\r\n\r\n",
            400),
        new Hostile(
            "absolute-form target, another Host", get("http://evil.example/api/v1/graph"), 400),
        new Hostile("dot-dot above the root", get("/../etc/passwd"), 400),
        new Hostile("dot-dot inside the API", get("/api/v1/x/../peer/edges"), 400),
        new Hostile("dot segment", get("/api/v1/./graph"), 400),
        new Hostile("encoded dot-dot", get("/%2e%2e/etc/passwd"), 400),
        new Hostile("encoded slash", get("/api/v1/peer%2Fedges"), 400),
        new Hostile("encoded slash in an id", get("/tlsparser/api/data/a%2Fb"), 400),
        new Hostile("NUL in the path", get("/api/v1/graph%00"), 400),
        new Hostile("authority-form target", get("localhost:80"), 400),
        // request smuggling material: the framing must be unambiguous or refused
        new Hostile(
            "a body on a GET", get("/api/v1/graph", "Content-Length: 5\r\n") + "hello", 400),
        new Hostile(
            "a body promised on a GET and never sent",
            get("/api/v1/graph", "Content-Length: 1000000000000\r\n"),
            400),
        new Hostile(
            "a chunked body on a GET",
            get("/api/v1/graph", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n",
            400),
        new Hostile(
            "Content-Length and Transfer-Encoding",
            get("/api/v1/graph", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")
                + "0\r\n\r\n",
            400),
        new Hostile(
            "two Content-Lengths",
            get("/api/v1/graph", "Content-Length: 0\r\nContent-Length: 5\r\n") + "hello",
            400),
        new Hostile("space before a colon", get("/api/v1/graph", "X-Odd : 1\r\n"), 400),
        new Hostile("a folded header line", get("/api/v1/graph", "X-Folded: a\r\n b\r\n"), 400),
        new Hostile(
            "unknown HTTP version",
            "GET /api/v1/graph HTTP/1.7\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            505),
        new Hostile("no Host", "GET /api/v1/graph HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
        new Hostile(
            "two Host fields",
            "GET /api/v1/graph HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
            400),
        new Hostile(
            "a bad Host",
            "GET /api/v1/graph HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n",
            400),
        new Hostile("HTTP/0.9", "GET /api/v1/graph\r\n\r\n", 505),
        new Hostile(
            "asterisk-form target",
            "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            400),
        new Hostile("an escaped control character", get("/api/v1/gr%0aaph"), 400),
        // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1
        new Hostile("a Host not of this server", rebound("evil.example"), 403),
        new Hostile("a Host not of this server, the API's port", rebound("evil.example:6676"), 403),
        new Hostile("a Host ending in localhost", rebound("localhost.evil.example"), 403),
        new Hostile("a Host of another address", rebound("192.0.2.1"), 403),
        new Hostile("a rebound preflight", preflight("evil.example", "http://evil.example"), 403),
        // CORS is off: a preflight from any page is refused
        new Hostile(
            "a preflight from another site", preflight("localhost", "http://evil.example"), 403),
        new Hostile("a backslash", get("/api/v1\\graph"), 400));
  }

  @ParameterizedTest
  @MethodSource("hostileRequests")
  void hostileRequest_getsItsStatusAndAJsonError(Hostile hostile) {
    JETTY_WARNINGS.records.clear();
    Reply reply = RawHttp.exchange(server.port(), hostile.request(), ANSWER);

    assertThat(reply.status()).as(hostile.name()).isEqualTo(hostile.status());
    assertJsonError(reply);
    assertThat(reply.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
    // A line per hostile request would let a client fill the agent's log.
    assertThat(JETTY_WARNINGS.records).as("Jetty's warnings").isEmpty();
  }

  @Test
  void normalRequest_hasNoServerHeader() {
    Reply reply = RawHttp.exchange(server.port(), get("/api/v1/graph"), ANSWER);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers()).doesNotContainKey("server");
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void halfSentRequestLine_gets408AndIsClosed() throws IOException {
    assertTimedOut("GET /api/v1/gra");
  }

  @Test
  void halfSentHeaders_get408AndAreClosed() throws IOException {
    assertTimedOut("GET /api/v1/graph HTTP/1.1\r\nHost: localhost\r\nX-Half: ab");
  }

  @Test
  void silentNewConnection_isClosedWithoutAnswer() throws IOException {
    try (Socket socket = RawHttp.connect(server.port(), ANSWER)) {
      assertThat(readUntilClosed(socket)).isEqualTo("closed without a byte");
    }
  }

  @Test
  void idleConnectionBetweenRequests_staysOpenUntilKeepAlive() throws IOException {
    String keepAlive = "GET /nodegraph/api/health HTTP/1.1\r\nHost: localhost\r\n\r\n";
    try (Socket socket = RawHttp.connect(server.port(), ANSWER)) {
      socket.getOutputStream().write(keepAlive.getBytes(StandardCharsets.US_ASCII));
      assertThat(RawHttp.read(socket).status()).isEqualTo(200);

      // Twice the request timeout in silence: a connection between requests is not half-sent.
      socket.setSoTimeout(Math.toIntExact(LIMITS.requestTimeout().toMillis() * 2));
      assertThat(readUntilClosed(socket)).startsWith("still open");
      socket.setSoTimeout(Math.toIntExact(ANSWER.toMillis()));
      socket.getOutputStream().write(keepAlive.getBytes(StandardCharsets.US_ASCII));
      assertThat(RawHttp.read(socket).status()).isEqualTo(200);

      assertThat(readUntilClosed(socket)).isEqualTo("closed without a byte");
    }
  }

  @Test
  void connectionCap_aNewConnectionWaitsUntilOneCloses() throws IOException {
    HttpLimits three =
        new HttpLimits(
            LIMITS.maxHeadBytes(),
            LIMITS.maxHeaderFields(),
            LIMITS.maxPathBytes(),
            LIMITS.requestTimeout(),
            LIMITS.keepAlive(),
            3);
    String keepAlive = "GET /nodegraph/api/health HTTP/1.1\r\nHost: localhost\r\n\r\n";
    List<Socket> open = new ArrayList<>();
    try (ApiServer capped = TestServers.start(three)) {
      for (int i = 0; i < 3; i++) {
        Socket socket = RawHttp.connect(capped.port(), ANSWER);
        open.add(socket);
        socket.getOutputStream().write(keepAlive.getBytes(StandardCharsets.US_ASCII));
        assertThat(RawHttp.read(socket).status()).isEqualTo(200);
      }
      Socket fourth = RawHttp.connect(capped.port(), ANSWER);
      open.add(fourth);
      fourth
          .getOutputStream()
          .write(get("/nodegraph/api/health").getBytes(StandardCharsets.US_ASCII));

      // Not accepted while three are open (the kernel holds it); the first of them to close
      // (keep-alive over) makes room.
      fourth.setSoTimeout(Math.toIntExact(LIMITS.requestTimeout().toMillis() / 2));
      assertThat(readUntilClosed(fourth)).isEqualTo("still open, 0 bytes read");
      fourth.setSoTimeout(Math.toIntExact(ANSWER.toMillis()));
      assertThat(RawHttp.read(fourth).status()).isEqualTo(200);
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
  }

  @Test
  void slowAnswer_isNotCutByTheRequestTimeout() throws IOException, InterruptedException {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    Supplier<Snapshot> slow =
        () -> {
          reading.countDown();
          try {
            answer.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ApiFixtures.SNAPSHOT;
        };
    try (ApiServer slowServer = TestServers.start(LIMITS, slow, UiRoute.RESOURCES);
        Socket socket = RawHttp.connect(slowServer.port(), ANSWER)) {
      socket.getOutputStream().write(get("/api/v1/graph").getBytes(StandardCharsets.US_ASCII));
      assertThat(reading.await(ANSWER.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      // The route computes for twice the request timeout (a cluster answer waits for its peers).
      socket.setSoTimeout(Math.toIntExact(LIMITS.requestTimeout().toMillis() * 2));
      assertThat(readUntilClosed(socket)).isEqualTo("still open, 0 bytes read");
      answer.countDown();
      socket.setSoTimeout(Math.toIntExact(ANSWER.toMillis()));

      assertThat(RawHttp.read(socket).status()).isEqualTo(200);
    }
  }

  @Test
  void close_endsEveryConnectionAtOnce() throws IOException {
    ApiServer closing = ApiFixtures.start();
    try (Socket idle = RawHttp.connect(closing.port(), ANSWER);
        Socket half = RawHttp.connect(closing.port(), ANSWER)) {
      idle.getOutputStream()
          .write(
              "GET /nodegraph/api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(RawHttp.read(idle).status()).isEqualTo(200);
      half.getOutputStream().write("GET /api/v1/gra".getBytes(StandardCharsets.US_ASCII));

      closing.close();

      assertThat(readUntilClosed(idle)).isEqualTo("closed without a byte");
      assertThat(readUntilClosed(half)).isEqualTo("closed without a byte");
    }
  }

  @Test
  void manyHalfOpenConnections_doNotStopANormalRequest() throws IOException {
    List<Socket> halfOpen = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        Socket socket = RawHttp.connect(server.port(), ANSWER);
        halfOpen.add(socket);
        socket
            .getOutputStream()
            .write(("GET /api/v1/graph?n=" + i).getBytes(StandardCharsets.UTF_8));
      }
      Reply reply = RawHttp.exchange(server.port(), get("/nodegraph/api/graph/data"), ANSWER);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(Json.mapper().readTree(reply.body()).get("nodes")).hasSize(7);
    } finally {
      for (Socket socket : halfOpen) {
        socket.close();
      }
    }
  }

  /**
   * A request half-sent and left so for the request timeout gets a 408 (RFC 9110 §15.5.9), then the
   * connection ends.
   */
  private static void assertTimedOut(String partial) throws IOException {
    try (Socket socket = RawHttp.connect(server.port(), ANSWER)) {
      socket.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
      Reply reply = RawHttp.read(socket);

      assertThat(reply.status()).isEqualTo(408);
      assertThat(reply.header("Connection")).isEqualTo("close");
      assertJsonError(reply);
      assertThat(readUntilClosed(socket)).isEqualTo("closed without a byte");
    }
  }

  /** How the connection ends: the server closes it, or it is still open at the socket timeout. */
  private static String readUntilClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    int bytes = 0;
    try {
      while (in.read() >= 0) {
        bytes++;
      }
    } catch (SocketTimeoutException e) {
      return "still open, " + bytes + " bytes read";
    } catch (SocketException e) {
      // reset: closed as well
    }
    return bytes == 0 ? "closed without a byte" : "closed after " + bytes + " bytes";
  }

  private static void assertJsonError(Reply reply) {
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.headers()).doesNotContainKey("server");
    assertThat(reply.body()).doesNotContain("<", "Exception", "java.", "jetty");
    JsonNode body;
    try {
      body = Json.mapper().readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + reply.body(), e);
    }
    assertThat(body.size()).as("fields of %s", body).isEqualTo(1);
    assertThat(body.get("error").asText()).isNotBlank();
  }
}
