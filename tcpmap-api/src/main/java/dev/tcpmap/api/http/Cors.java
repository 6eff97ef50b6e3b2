package dev.tcpmap.api.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Cross-origin reads by a browser's scripts (the Fetch standard's CORS protocol), off unless
 * origins are configured: then no answer carries an {@code Access-Control-*} field, and a browser
 * lets no other site's page read the API. Grafana does not need it: its Node Graph API and JSON API
 * datasources call from Grafana's server.
 *
 * <p>For an allowed origin an answer carries {@code Access-Control-Allow-Origin} (the origin, or
 * {@code *} when any is allowed) and {@code Access-Control-Expose-Headers}; a preflight gets the
 * methods and a fixed list of request fields, never an echo of what was asked. With a list of
 * origins every answer carries {@code Vary: Origin}, since whether it allows the reader depends on
 * it. Immutable.
 */
public final class Cors {
  /** The methods every route accepts. */
  public static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

  /** What a cross-origin script may send: the token, and a type for the bodies it never sends. */
  public static final String ALLOWED_HEADERS = "Authorization, Content-Type";

  private final Set<String> origins;
  private final boolean any;
  private final String exposed;

  /**
   * @param origins lower-case origins, or {@code *} alone; empty for none
   * @param exposedHeaders the answer fields a script may read beyond the safelisted ones
   */
  public Cors(List<String> origins, String exposedHeaders) {
    this.any = origins.contains("*");
    this.origins = Set.copyOf(origins);
    this.exposed = exposedHeaders;
  }

  /** Whether any origin may read the API. */
  public boolean enabled() {
    return !origins.isEmpty();
  }

  /** Whether a page of {@code origin} (as its {@code Origin} field says) may read the API. */
  public boolean allows(String origin) {
    return any || origins.contains(origin.toLowerCase(Locale.ROOT));
  }

  /**
   * A CORS preflight: an OPTIONS with {@code Origin} and {@code Access-Control-Request-Method}. A
   * browser sends no credentials with it, so it is answered without the token.
   */
  public static boolean isPreflight(Request request) {
    HttpFields fields = request.getHeaders();
    return request.getMethod().equals("OPTIONS")
        && fields.contains(HttpHeader.ORIGIN)
        && fields.contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** The fields any answer to {@code request} carries: none when its origin is not allowed. */
  public void addHeaders(Request request, HttpFields.Mutable answer) {
    if (origins.isEmpty()) {
      return;
    }
    if (!any) {
      answer.add(HttpHeader.VARY, "Origin");
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && allows(origin)) {
      answer.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin);
      answer.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, exposed);
    }
  }

  /** A preflight's answer fields, for an allowed origin. */
  public void addPreflightHeaders(HttpFields.Mutable answer) {
    answer.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
    answer.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
    answer.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
  }
}
