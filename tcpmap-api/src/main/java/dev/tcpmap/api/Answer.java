package dev.tcpmap.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.http.Asset;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers with a 200: a JSON body (or none), a text body of its own content type
 * ({@code /metrics}), or a web UI's file (a 200, or a 304 when the client has it), plus headers of
 * its own (e.g. the peers a cluster-wide answer lacks). {@link ApiHandler} adds CORS, compression
 * and the content type.
 */
sealed interface Answer {

  /** An empty 200 (k8spacket's health check). */
  Answer EMPTY = new JsonAnswer(null, Map.of());

  /** Extra response headers, by name; values must be visible ASCII. */
  Map<String, String> headers();

  /**
   * A JSON answer.
   *
   * @param body the body, or null for an empty one
   */
  record JsonAnswer(JsonNode body, Map<String, String> headers) implements Answer {
    public JsonAnswer {
      headers = Map.copyOf(headers);
    }
  }

  /** A text answer, e.g. Prometheus' exposition format. */
  record TextAnswer(String contentType, byte[] body, Map<String, String> headers)
      implements Answer {
    public TextAnswer {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }
  }

  /** A file of the web UI, with its content type, validator and cache policy. */
  record AssetAnswer(Asset asset) implements Answer {
    public AssetAnswer {
      Objects.requireNonNull(asset, "asset");
    }

    @Override
    public Map<String, String> headers() {
      return Map.of();
    }
  }

  static Answer json(JsonNode body) {
    return new JsonAnswer(body, Map.of());
  }

  static Answer json(JsonNode body, Map<String, String> headers) {
    return new JsonAnswer(body, headers);
  }

  static Answer text(String contentType, byte[] body) {
    return new TextAnswer(contentType, body, Map.of());
  }

  static Answer asset(Asset asset) {
    return new AssetAnswer(asset);
  }
}
