package dev.tcpmap.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.core.source.SourceStatus;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.function.Supplier;

/** {@code GET /api/v1/status}: the live agent's sources, event counts, losses and uptime. */
final class StatusRoute {
  private StatusRoute() {}

  static void register(Router router, InstantSource clock, Supplier<Status> status) {
    router.get("/api/v1/status", params -> Answer.json(answer(clock, status.get())));
  }

  private static JsonNode answer(InstantSource clock, Status status) {
    ObjectNode out = Json.object();
    out.put("version", status.version());
    out.put("startedAt", Json.time(status.startedAt()));
    Duration uptime = Duration.between(status.startedAt(), clock.instant());
    out.put("uptimeSeconds", uptime.isNegative() ? 0 : uptime.toSeconds());
    ArrayNode sources = out.putArray("sources");
    for (SourceStatus source : status.sources()) {
      ObjectNode node = sources.addObject();
      node.put("name", source.name());
      node.put("state", source.state().name().toLowerCase(Locale.ROOT));
      node.put("message", source.message());
    }
    out.set("events", Json.losses(status.counts().events()));
    out.set("losses", Json.losses(status.counts().losses()));
    ObjectNode connections = out.putObject("connections");
    connections.put("open", status.open());
    connections.put("closed", status.closed());
    return out;
  }
}
