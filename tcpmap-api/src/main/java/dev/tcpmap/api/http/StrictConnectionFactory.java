package dev.tcpmap.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's HTTP/1.1 connections, stricter where Jetty has no setting for what tcpmap needs:
 *
 * <ul>
 *   <li>the request target is a path (origin-form, RFC 9112 §3.2.1); the absolute-form a proxy is
 *       sent ({@code GET http://host/path}), the authority-form ({@code CONNECT}) and {@code *} are
 *       a 400: tcpmap is not a proxy, and a proxy in front that filters on the path must see the
 *       path the API routes on;
 *   <li>no dot segments ({@code /a/./b}, {@code /a/../b}): Jetty would resolve them and the API
 *       would answer for a path other than the one sent (encoded dots are refused by the URI
 *       compliance, see {@link HttpTransport});
 *   <li>the path at most {@link HttpLimits#maxPathBytes()} (414), at most {@link
 *       HttpLimits#maxHeaderFields()} header fields (431; Jetty bounds only their bytes);
 *   <li>a request left half-sent for {@link HttpLimits#requestTimeout()} gets a 408 (RFC 9110
 *       §15.5.9) and the connection is closed; a new connection silent that long is closed; an idle
 *       one between requests stays open for {@link HttpLimits#keepAlive()}. Jetty has one idle
 *       timeout for all three and closes a half-sent request without an answer.
 * </ul>
 *
 * <p>These lean on Jetty's {@code HttpConnection}, public but in an {@code internal} package: the
 * Jetty version is pinned, and {@code HostileHttpTest} covers each point.
 */
final class StrictConnectionFactory extends HttpConnectionFactory {
  private final HttpLimits limits;

  StrictConnectionFactory(HttpConfiguration configuration, HttpLimits limits) {
    super(configuration);
    this.limits = limits;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    StrictConnection connection =
        new StrictConnection(getHttpConfiguration(), connector, endPoint, limits);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  /** What a request half-sent too long gets before the connection closes. */
  private static byte[] timeoutAnswer() {
    byte[] body = JsonErrors.body(JsonErrors.message(408, null));
    String head =
        "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] bytes = new byte[head.length() + body.length];
    System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, head.length());
    System.arraycopy(body, 0, bytes, head.length(), body.length);
    return bytes;
  }

  private static final class StrictConnection extends HttpConnection {
    private static final byte[] TIMEOUT = timeoutAnswer();

    // Read by the request handler once requests arrive: HttpConnection's constructor asks for
    // the handler before this class's constructor has set anything.
    private final HttpLimits limits;
    private final long keepAliveRounds;
    // Read and written only by the end point's idle checks, which run one at a time.
    private long requestsSeen;
    private long idleRounds;
    private boolean timedOut;

    StrictConnection(
        HttpConfiguration configuration,
        Connector connector,
        EndPoint endPoint,
        HttpLimits limits) {
      super(configuration, connector, endPoint);
      this.limits = limits;
      long timeout = limits.requestTimeout().toMillis();
      this.keepAliveRounds = (limits.keepAlive().toMillis() + timeout - 1) / timeout;
    }

    @Override
    protected RequestHandler newRequestHandler() {
      return new RequestHandler() {
        private int fields;

        @Override
        public void startRequest(String method, String target, HttpVersion version) {
          checkTarget(target, limits.maxPathBytes());
          fields = 0;
          super.startRequest(method, target, version);
        }

        @Override
        public void parsedHeader(HttpField field) {
          if (++fields > limits.maxHeaderFields()) {
            throw new HttpException.RuntimeException(
                431, "more than " + limits.maxHeaderFields() + " header fields");
          }
          super.parsedHeader(field);
        }
      };
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
      if (getHttpChannel().getRequest() != null) {
        return super.onIdleExpired(timeout); // a request being answered: Jetty's own rules
      }
      HttpParser parser = getParser();
      if (parser.isStart()) {
        return idleTooLong();
      }
      if (parser.inHeaderState()) {
        return answerTimeout();
      }
      return true; // after the last answer of a connection that is closing
    }

    /** Between requests: closes a new silent connection at once, an idle one after keep-alive. */
    private boolean idleTooLong() {
      long requests = getMessagesIn();
      if (requests == 0) {
        return true;
      }
      if (requests != requestsSeen) {
        requestsSeen = requests;
        idleRounds = 0;
      }
      return ++idleRounds >= keepAliveRounds;
    }

    /** A request half-sent: 408, then close (at the second expiry if the 408 cannot be sent). */
    private boolean answerTimeout() {
      if (timedOut) {
        return true;
      }
      timedOut = true;
      EndPoint endPoint = getEndPoint();
      endPoint.write(Callback.from(endPoint::close, endPoint::close), ByteBuffer.wrap(TIMEOUT));
      return false;
    }
  }

  /**
   * Refuses a target that is not a path, or whose path is longer than {@code maxPath}, has a dot
   * segment (plain or encoded), a bad percent escape or an escaped control character: Jetty refuses
   * the last three too, but with a bare "Bad Request".
   */
  static void checkTarget(String target, int maxPath) {
    if (!target.startsWith("/")) {
      throw badRequest("the request target must be a path (origin-form); tcpmap is not a proxy");
    }
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    if (path.length() > maxPath) {
      throw new HttpException.RuntimeException(414, "path longer than " + maxPath + " bytes");
    }
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
        throw badRequest("bad percent escape in the path");
      }
      int value = HexFormat.fromHexDigits(path, i + 1, i + 3);
      if (value < 0x20 || value == 0x7f) {
        throw badRequest("control character in the path");
      }
    }
    for (String segment : path.split("/", -1)) {
      String dots = segment.replace("%2e", ".").replace("%2E", ".");
      if (dots.equals(".") || dots.equals("..")) {
        throw badRequest("dot segments in the path");
      }
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static HttpException.RuntimeException badRequest(String reason) {
    return new HttpException.RuntimeException(400, reason);
  }
}
