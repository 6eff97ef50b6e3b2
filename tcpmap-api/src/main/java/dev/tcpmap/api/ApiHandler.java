package dev.tcpmap.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.api.http.AccessGuard;
import dev.tcpmap.api.http.Asset;
import dev.tcpmap.api.http.Cors;
import dev.tcpmap.api.http.Gzip;
import dev.tcpmap.api.metrics.AccessMetrics;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.service.ViewException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The API's requests, on a virtual thread each: who may ask ({@link AccessGuard}: the {@code Host},
 * a preflight's origin, the bearer token; refused with 403 or 401), CORS ({@link Cors}), routing,
 * and the one place where exceptions become HTTP statuses (400 with the message for bad input, 404,
 * 405 with {@code Allow}, 501/502/503 with the message for what the view behind cannot answer, 500
 * with one log line and no details). Bodies are gzipped when the client accepts it. What Jetty
 * refuses before a request gets here is answered by {@link dev.tcpmap.api.http.JsonErrors}.
 */
final class ApiHandler extends Handler.Abstract {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

  private final Router router;
  private final AccessGuard guard;
  private final Cors cors;
  private final AccessMetrics metrics;

  ApiHandler(Router router, AccessGuard guard, Cors cors, AccessMetrics metrics) {
    this.router = router;
    this.guard = guard;
    this.cors = cors;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    // A route may wait for peers longer than a connection may stay silent: the request timeout is
    // for requests still arriving, not for answers being computed (each route bounds its own).
    request.addIdleTimeoutListener(timeout -> false);
    Optional<AccessGuard.Refusal> refused = guard.check(request);
    if (refused.isPresent()) {
      refuse(request, response, callback, refused.get());
      return true;
    }
    cors.addHeaders(request, response.getHeaders());
    respond(request, response, callback);
    return true;
  }

  private void refuse(
      Request request, Response response, Callback callback, AccessGuard.Refusal refusal) {
    metrics.refused(refusal.reason());
    if (!refusal.reason().equals("host")) {
      cors.addHeaders(request, response.getHeaders()); // a page allowed may read why
    }
    if (refusal.status() == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    }
    send(request, response, callback, refusal.status(), error(refusal.message()));
  }

  private void respond(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String path = request.getHttpURI().getDecodedPath();
    try {
      if (method.equals("OPTIONS")) {
        options(request, response, callback, path);
        return;
      }
      Route route = router.find(method, path);
      refuseContent(request);
      Answer answer = route.handle(QueryParams.parse(request.getHttpURI().getQuery()));
      answer.headers().forEach(response.getHeaders()::put);
      switch (answer) {
        case Answer.JsonAnswer json -> send(request, response, callback, 200, json.body());
        case Answer.TextAnswer text ->
            send(request, response, callback, 200, text.contentType(), text.body());
        case Answer.AssetAnswer file -> send(request, response, callback, file.asset());
      }
    } catch (QueryException e) {
      send(request, response, callback, 400, error(e.getMessage()));
    } catch (ViewException e) {
      send(request, response, callback, e.reason().status(), error(e.getMessage()));
    } catch (ApiException e) {
      if (e.status() == 405) {
        response.getHeaders().put(HttpHeader.ALLOW, Cors.ALLOWED_METHODS);
      }
      send(request, response, callback, e.status(), error(e.getMessage()));
    } catch (RuntimeException e) {
      // One line for the operator; the stack trace only at DEBUG, never in the answer.
      LOG.log(System.Logger.Level.ERROR, "failed to answer " + method + " " + path + ": " + e);
      LOG.log(System.Logger.Level.DEBUG, "stack trace", e);
      send(request, response, callback, 500, error("internal error"));
    }
  }

  /**
   * No endpoint reads a body. One sent anyway is refused rather than skipped: a proxy in front and
   * this server must never disagree on where a request ends (request smuggling).
   */
  private static void refuseContent(Request request) {
    if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      throw ApiException.badRequest("a " + request.getMethod() + " request has no body");
    }
  }

  /** What a path allows; for a preflight (its origin allowed by the guard) the CORS fields too. */
  private void options(Request request, Response response, Callback callback, String path) {
    if (!router.knows(path)) {
      throw Router.notFound(path);
    }
    refuseContent(request);
    response.getHeaders().put(HttpHeader.ALLOW, Cors.ALLOWED_METHODS);
    if (Cors.isPreflight(request)) {
      cors.addPreflightHeaders(response.getHeaders());
    }
    response.setStatus(204);
    response.write(true, null, callback);
  }

  private static void send(
      Request request, Response response, Callback callback, int status, JsonNode body) {
    if (body == null) {
      response.setStatus(status);
      response.write(true, null, callback);
      return;
    }
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
    send(request, response, callback, status, "application/json", bytes);
  }

  private static void send(
      Request request,
      Response response,
      Callback callback,
      int status,
      String contentType,
      byte[] body) {
    HttpFields.Mutable headers = response.getHeaders();
    byte[] bytes = body;
    headers.put(HttpHeader.CONTENT_TYPE, contentType);
    headers.add(HttpHeader.VARY, "Accept-Encoding");
    if (Gzip.accepted(request.getHeaders().getValuesList(HttpHeader.ACCEPT_ENCODING))) {
      headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
      bytes = Gzip.compress(bytes);
    }
    response.setStatus(status);
    headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
    boolean head = request.getMethod().equals("HEAD");
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }

  /** A UI file: a 304 when the client has it, the gzip encoding when it takes it. */
  private static void send(Request request, Response response, Callback callback, Asset asset) {
    HttpFields.Mutable headers = response.getHeaders();
    HttpFields fields = request.getHeaders();
    boolean gzip =
        asset.gzip() != null && Gzip.accepted(fields.getValuesList(HttpHeader.ACCEPT_ENCODING));
    headers.put(HttpHeader.CONTENT_TYPE, asset.contentType());
    headers.put(HttpHeader.CACHE_CONTROL, asset.cacheControl());
    headers.put(HttpHeader.ETAG, asset.etag(gzip));
    headers.put("X-Content-Type-Options", "nosniff");
    if (asset.gzip() != null) {
      headers.add(HttpHeader.VARY, "Accept-Encoding");
    }
    if (asset.notModified(fields.getValuesList(HttpHeader.IF_NONE_MATCH))) {
      response.setStatus(304);
      response.write(true, null, callback);
      return;
    }
    byte[] bytes = gzip ? asset.gzip() : asset.bytes();
    if (gzip) {
      headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    response.setStatus(200);
    headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
    boolean head = request.getMethod().equals("HEAD");
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }

  private static ObjectNode error(String message) {
    ObjectNode node = Json.object();
    node.put("error", message);
    return node;
  }
}
