package dev.tcpmap.api.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.query.service.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The answer of {@code GET /api/v1/status}: version, start and uptime (whole seconds, never
 * negative: a clock stepped back does not make the agent younger than zero), each source's state,
 * events by kind, losses by {@code source/reason}, and the connections open and kept.
 */
public final class StatusJson {
  private StatusJson() {}

  public static ObjectNode write(Status status, Instant now) {
    ObjectNode out = Json.object();
    out.put("version", status.version());
    out.put("startedAt", Json.time(status.startedAt()));
    Duration uptime = Duration.between(status.startedAt(), now);
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
