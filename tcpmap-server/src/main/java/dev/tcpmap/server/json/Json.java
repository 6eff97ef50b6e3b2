package dev.tcpmap.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.aggregate.EdgeStats;
import dev.tcpmap.core.aggregate.OutcomeCounts;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.query.EndpointNames;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * tcpmap's own JSON records, shared by the native HTTP API ({@code /api/v1}) and the CLI's {@code
 * --json}: one shape per thing, whichever front end writes it. Stateless; the mapper is configured
 * once and thread-safe.
 *
 * <p>Conventions: addresses as text (dotted quad, RFC 5952 IPv6); times RFC 3339 UTC with exactly
 * microseconds; durations as JSON numbers of milliseconds ({@code durationMs}); byte counts as
 * integers; outcomes by their wire names ({@code closed}, {@code reset}, ...).
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private Json() {}

  /** The shared mapper: plain decimals, compact output. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /**
   * A connection: {@code client, clientPort, server, serverPort, start, durationMs, bytesSent,
   * bytesReceived, outcome, startSeen}. {@code durationMs} has microsecond precision.
   */
  public static ObjectNode connection(Connection c) {
    ObjectNode node = object();
    node.put("client", c.client().toString());
    node.put("clientPort", c.clientPort());
    node.put("server", c.server().toString());
    node.put("serverPort", c.serverPort());
    node.put("start", Numbers.micros(c.start()));
    node.put("durationMs", Numbers.millisToMicros(c.duration()));
    node.put("bytesSent", c.bytesSent());
    node.put("bytesReceived", c.bytesReceived());
    node.put("outcome", c.outcome().wireName());
    node.put("startSeen", c.startSeen());
    return node;
  }

  /**
   * An edge: {@code client, clientName, server, serverName, serverPort, connections, outcomes
   * {closed, reset, refused, timeout, open, unknown}, persistent, bytesSent, bytesReceived,
   * durationMsSum, durationMsMax, firstSeen, lastSeen}. Names are display names ({@code pod.web-1},
   * or the IP). {@code firstSeen} is the earliest connection start, {@code lastSeen} the latest
   * end.
   */
  public static ObjectNode edge(EdgeStats e) {
    ObjectNode node = object();
    node.put("client", e.key().client().ip().toString());
    node.put("clientName", EndpointNames.title(e.key().client()));
    node.put("server", e.key().server().ip().toString());
    node.put("serverName", EndpointNames.title(e.key().server()));
    node.put("serverPort", e.key().serverPort());
    node.put("connections", e.connections());
    node.set("outcomes", outcomes(e.outcomes()));
    node.put("persistent", e.persistent());
    node.put("bytesSent", e.bytesSent());
    node.put("bytesReceived", e.bytesReceived());
    node.put("durationMsSum", Numbers.millisToMicros(e.durationSum()));
    node.put("durationMsMax", Numbers.millisToMicros(e.durationMax()));
    node.put("firstSeen", Numbers.micros(e.firstStart()));
    node.put("lastSeen", Numbers.micros(e.lastSeen()));
    return node;
  }

  /** A graph node: {@code id} (the IP), {@code ip, kind, name, namespace, title}. */
  public static ObjectNode endpoint(Endpoint endpoint) {
    ObjectNode node = object();
    node.put("id", endpoint.ip().toString());
    node.put("ip", endpoint.ip().toString());
    node.put("kind", endpoint.kind().name().toLowerCase(Locale.ROOT));
    node.put("name", endpoint.name());
    node.put("namespace", endpoint.namespace());
    node.put("title", EndpointNames.title(endpoint));
    return node;
  }

  /** Counts per outcome, every outcome present, in declaration order. */
  public static ObjectNode outcomes(OutcomeCounts counts) {
    ObjectNode node = object();
    for (Outcome outcome : Outcome.values()) {
      node.put(outcome.wireName(), counts.get(outcome));
    }
    return node;
  }

  /** Loss counts by reason, sorted by reason. */
  public static ObjectNode losses(Map<String, Long> losses) {
    ObjectNode node = object();
    new TreeMap<>(losses).forEach(node::put);
    return node;
  }

  /** RFC 3339 UTC with exactly microseconds. */
  public static String time(Instant instant) {
    return Numbers.micros(instant);
  }
}
