package dev.tcpmap.api.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * tcpmap's error answer, {@code {"error": "..."}} as {@code application/json}, for every answer
 * Jetty makes by itself: a request it cannot parse (400, 414, 431, 505), a URI it refuses as
 * ambiguous (400), a failure outside the API's own handler (500). Jetty's reason is kept when it is
 * a plain phrase ({@code "bad request: Ambiguous URI empty segment"}); nothing else of the failure
 * (class names, stack) reaches the client.
 */
public final class JsonErrors implements Request.Handler {
  /** A phrase of Jetty's worth showing: printable ASCII, no exception text. */
  private static final Pattern PLAIN = Pattern.compile("[ -~]{1,200}");

  private final Cors cors;

  /**
   * @param cors what the answers say to a cross-origin reader
   */
  public JsonErrors(Cors cors) {
    this.cors = cors;
  }

  /** The body {@code {"error": message}} in UTF-8. */
  public static byte[] body(String message) {
    char[] quoted = JsonStringEncoder.getInstance().quoteAsString(message);
    return ("{\"error\":\"" + new String(quoted) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** What the client is told for {@code status}, with Jetty's {@code reason} when plain. */
  static String message(int status, String reason) {
    String what =
        switch (status) {
          case 400 -> "bad request";
          case 408 -> "request not received in time";
          case 413 -> "request too large";
          case 414 -> "request target too long";
          case 431 -> "request header fields too large";
          case 500 -> "internal error";
          case 505 -> "HTTP version not supported; use HTTP/1.1";
          default -> "error " + status;
        };
    boolean shown =
        status != 500
            && reason != null
            && PLAIN.matcher(reason).matches()
            && !reason.contains("Exception")
            && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
    return shown ? what + ": " + reason : what;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason =
        request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String text ? text : null;
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
      status = http.getCode();
      response.setStatus(status);
      if (reason == null) {
        reason = http.getReason();
      }
    }
    byte[] body = body(message(status, reason));
    cors.addHeaders(request, response.getHeaders());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
