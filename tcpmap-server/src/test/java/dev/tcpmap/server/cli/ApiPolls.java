package dev.tcpmap.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Asking a running server's API from tests: one answer, or until an answer is as expected. */
final class ApiPolls {
  /** A bound on waiting, not a timing assertion: snapshots and watches settle well within it. */
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private ApiPolls() {}

  /** The JSON answer of {@code path}. */
  static JsonNode json(ApiServer server, String path) throws Exception {
    return Json.mapper().readTree(CliRun.get(server, path).body());
  }

  /** Asks {@code path} every 100 ms until the answer satisfies {@code done}. */
  static JsonNode await(ApiServer server, String path, Predicate<JsonNode> done) throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    JsonNode doc;
    do {
      doc = json(server, path);
      if (done.test(doc)) {
        return doc;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("no answer as expected from " + path + ": " + doc);
  }

  /** The source named {@code name} of a {@code /api/v1/status} answer, or null. */
  static JsonNode source(JsonNode status, String name) {
    for (JsonNode s : status.get("sources")) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
