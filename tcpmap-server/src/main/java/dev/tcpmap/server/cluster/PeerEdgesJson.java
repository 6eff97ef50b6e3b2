package dev.tcpmap.server.cluster;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.aggregate.EdgeKey;
import dev.tcpmap.core.aggregate.EdgeStats;
import dev.tcpmap.core.aggregate.OutcomeCounts;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.query.TimeRange;
import dev.tcpmap.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire format of {@code GET /api/v1/peer/edges}: what agents tell each other, so it is exact
 * where the user-facing answers round (durations in integer nanoseconds, times to the nanosecond as
 * {@link Instant#toString()}, full endpoint identities). Reading it back gives equal records.
 *
 * <pre>{@code
 * {"version": 1, "from": 1763716938000, "to": null, "asOf": "2026-11-21T11:22:18Z",
 *  "losses": {"evicted": 2},
 *  "edges": [{"side": "client",
 *             "client": {"ip": "10.0.0.1", "kind": "pod", "name": "web-1", "namespace": "shop",
 *                        "workload": {"kind": "Deployment", "name": "web"}, "node": "worker-1"},
 *             "server": {"ip": "10.0.0.2", "kind": "service", "name": "api", "namespace": "shop",
 *                        "workload": {"kind": "", "name": ""}, "node": ""},
 *             "serverPort": 80, "connections": 2,
 *             "outcomes": {"closed": 2, "reset": 0, "refused": 0, "timeout": 0, "open": 0,
 *                          "unknown": 0},
 *             "persistent": 1, "bytesSent": 612, "bytesReceived": 2048,
 *             "durationNanosSum": 13750000000, "durationNanosMax": 12250000000,
 *             "firstStart": "2026-11-21T09:22:18Z", "lastSeen": "2026-11-21T09:22:32.250Z"}]}
 * }</pre>
 *
 * <p>Compatibility: a reader ignores fields it does not know, so a version may gain fields; a
 * change that old readers would misread gets a new {@code version}, which they refuse. Anything
 * else unexpected (wrong types, missing fields, negative counts, an unknown kind or side) makes the
 * whole answer malformed: one bad edge means the peer cannot be trusted to count.
 */
public final class PeerEdgesJson {
  /** The version written, and the only one read. */
  public static final int VERSION = 1;

  /** The largest count read, 2^53 - 1; durations likewise in seconds. */
  static final long MAX_COUNT = (1L << 53) - 1;

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final Map<String, Endpoint.Kind> KINDS = wireNames(Endpoint.Kind.values());
  private static final Map<String, Side> SIDES = wireNames(Side.values());

  private PeerEdgesJson() {}

  /** The answer to a request for {@code range}. */
  public static ObjectNode write(TimeRange range, PeerEdges edges) {
    ObjectNode out = Json.object();
    out.put("version", VERSION);
    out.put("from", range.hasFrom() ? range.fromMs() : null);
    out.put("to", range.hasTo() ? range.toMs() : null);
    out.put("asOf", edges.asOf().toString());
    out.set("losses", Json.losses(edges.losses()));
    var list = out.putArray("edges");
    for (SidedEdge edge : edges.edges()) {
      list.add(edge(edge));
    }
    return out;
  }

  private static ObjectNode edge(SidedEdge sided) {
    EdgeStats e = sided.stats();
    ObjectNode node = Json.object();
    node.put("side", sided.side().wireName());
    node.set("client", endpoint(e.key().client()));
    node.set("server", endpoint(e.key().server()));
    node.put("serverPort", e.key().serverPort());
    node.put("connections", e.connections());
    ObjectNode outcomes = node.putObject("outcomes");
    for (Outcome outcome : Outcome.values()) {
      outcomes.put(outcome.wireName(), e.outcomes().get(outcome));
    }
    node.put("persistent", e.persistent());
    node.put("bytesSent", e.bytesSent());
    node.put("bytesReceived", e.bytesReceived());
    node.put("durationNanosSum", nanos(e.durationSum()));
    node.put("durationNanosMax", nanos(e.durationMax()));
    node.put("firstStart", e.firstStart().toString());
    node.put("lastSeen", e.lastSeen().toString());
    return node;
  }

  private static ObjectNode endpoint(Endpoint endpoint) {
    ObjectNode node = Json.object();
    node.put("ip", endpoint.ip().toString());
    node.put("kind", endpoint.kind().name().toLowerCase(Locale.ROOT));
    node.put("name", endpoint.name());
    node.put("namespace", endpoint.namespace());
    ObjectNode workload = node.putObject("workload");
    workload.put("kind", endpoint.workload().kind());
    workload.put("name", endpoint.workload().name());
    node.put("node", endpoint.node());
    return node;
  }

  /** Exact nanoseconds: a sum of many long connections may exceed a long's 292 years. */
  private static BigInteger nanos(Duration d) {
    return BigInteger.valueOf(d.getSeconds())
        .multiply(NANOS_PER_SECOND)
        .add(BigInteger.valueOf(d.getNano()));
  }

  /**
   * Reads an answer, one edge at a time (a peer's answer may hold tens of thousands of edges; only
   * the records are kept, never the whole tree).
   *
   * @throws MalformedAnswerException when it is not a version-{@value #VERSION} answer
   * @throws IOException when reading the stream fails (not when its content is wrong)
   */
  public static PeerEdges read(InputStream in) throws IOException, MalformedAnswerException {
    try (JsonParser p = Json.mapper().createParser(in)) {
      return read(p);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      long offset = at == null ? -1 : Math.max(at.getByteOffset(), at.getCharOffset());
      throw new MalformedAnswerException(
          "not JSON: " + e.getOriginalMessage() + (offset < 0 ? "" : " at byte " + offset));
    }
  }

  private static PeerEdges read(JsonParser p) throws IOException, MalformedAnswerException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new MalformedAnswerException("not a JSON object");
    }
    JsonNode version = null;
    Instant asOf = null;
    Map<String, Long> losses = null;
    List<SidedEdge> edges = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "version" -> version = tree(p);
        case "asOf" -> asOf = time(tree(p), "asOf");
        case "losses" -> losses = losses(tree(p));
        case "edges" -> edges = edges(p);
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw new MalformedAnswerException("content after the answer's object");
    }
    if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
      throw new MalformedAnswerException(
          "version: expected " + VERSION + ", got " + (version == null ? "none" : version));
    }
    require(asOf, "asOf");
    require(losses, "losses");
    require(edges, "edges");
    return new PeerEdges(asOf, losses, edges);
  }

  /** The value at the parser, consumed; JSON null as {@code NullNode}. */
  private static JsonNode tree(JsonParser p) throws IOException {
    JsonNode node = p.readValueAsTree();
    return node == null ? NullNode.getInstance() : node;
  }

  private static void require(Object value, String field) throws MalformedAnswerException {
    if (value == null) {
      throw new MalformedAnswerException(field + ": missing");
    }
  }

  private static List<SidedEdge> edges(JsonParser p) throws IOException, MalformedAnswerException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new MalformedAnswerException("edges: not an array");
    }
    List<SidedEdge> edges = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String path = "edges[" + edges.size() + "]";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new MalformedAnswerException(path + ": not an object");
      }
      if (Thread.currentThread().isInterrupted()) {
        // The fan-out gave up on this peer: stop spending CPU on its answer.
        throw new InterruptedIOException("cancelled after " + edges.size() + " edges");
      }
      edges.add(edge(tree(p), path));
    }
    return edges;
  }

  private static SidedEdge edge(JsonNode n, String path) throws MalformedAnswerException {
    Side side = SIDES.get(text(n, path, "side"));
    if (side == null) {
      throw new MalformedAnswerException(path + ".side: unknown: " + n.get("side"));
    }
    try {
      EdgeKey key =
          new EdgeKey(
              endpoint(field(n, path, "client"), path + ".client"),
              endpoint(field(n, path, "server"), path + ".server"),
              (int) count(n, path, "serverPort"));
      JsonNode outcomes = field(n, path, "outcomes");
      String at = path + ".outcomes";
      EdgeStats stats =
          new EdgeStats(
              key,
              count(n, path, "connections"),
              new OutcomeCounts(
                  count(outcomes, at, "closed"),
                  count(outcomes, at, "reset"),
                  count(outcomes, at, "refused"),
                  count(outcomes, at, "timeout"),
                  count(outcomes, at, "open"),
                  count(outcomes, at, "unknown")),
              count(n, path, "persistent"),
              count(n, path, "bytesSent"),
              count(n, path, "bytesReceived"),
              duration(n, path, "durationNanosSum"),
              duration(n, path, "durationNanosMax"),
              time(field(n, path, "firstStart"), path + ".firstStart"),
              time(field(n, path, "lastSeen"), path + ".lastSeen"));
      return new SidedEdge(side, stats);
    } catch (IllegalArgumentException e) {
      // The records' own checks: a port out of range, persistent above connections, ...
      throw new MalformedAnswerException(path + ": " + e.getMessage());
    }
  }

  private static Endpoint endpoint(JsonNode n, String path) throws MalformedAnswerException {
    IpAddress ip;
    try {
      ip = IpAddress.parse(text(n, path, "ip"));
    } catch (IllegalArgumentException e) {
      throw new MalformedAnswerException(path + ".ip: " + e.getMessage());
    }
    Endpoint.Kind kind = KINDS.get(text(n, path, "kind"));
    if (kind == null) {
      throw new MalformedAnswerException(path + ".kind: unknown: " + n.get("kind"));
    }
    JsonNode workload = field(n, path, "workload");
    return new Endpoint(
        ip,
        kind,
        text(n, path, "name"),
        text(n, path, "namespace"),
        new Endpoint.Workload(
            text(workload, path + ".workload", "kind"), text(workload, path + ".workload", "name")),
        text(n, path, "node"));
  }

  private static Map<String, Long> losses(JsonNode n) throws MalformedAnswerException {
    if (!n.isObject()) {
      throw new MalformedAnswerException("losses: not an object");
    }
    Map<String, Long> losses = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      losses.put(e.getKey(), count(n, "losses", e.getKey()));
    }
    return losses;
  }

  private static JsonNode field(JsonNode n, String path, String name)
      throws MalformedAnswerException {
    JsonNode value = n.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedAnswerException(path + "." + name + ": missing");
    }
    return value;
  }

  private static String text(JsonNode n, String path, String name) throws MalformedAnswerException {
    JsonNode value = field(n, path, name);
    if (!value.isTextual()) {
      throw new MalformedAnswerException(path + "." + name + ": not a string: " + value);
    }
    return value.textValue();
  }

  /**
   * A non-negative integer up to {@value #MAX_COUNT}: what a JSON number carries exactly in any
   * reader, and small enough that summing the answers of a whole cluster cannot overflow a long.
   */
  private static long count(JsonNode n, String path, String name) throws MalformedAnswerException {
    JsonNode value = field(n, path, name);
    if (!value.isIntegralNumber()
        || !value.canConvertToLong()
        || value.longValue() < 0
        || value.longValue() > MAX_COUNT) {
      throw new MalformedAnswerException(
          path + "." + name + ": not a non-negative integer: " + excerpt(value));
    }
    return value.longValue();
  }

  private static Duration duration(JsonNode n, String path, String name)
      throws MalformedAnswerException {
    JsonNode value = field(n, path, name);
    if (!value.isIntegralNumber() || value.bigIntegerValue().signum() < 0) {
      throw new MalformedAnswerException(
          path + "." + name + ": not a non-negative integer: " + excerpt(value));
    }
    BigInteger[] secondsAndNanos = value.bigIntegerValue().divideAndRemainder(NANOS_PER_SECOND);
    if (secondsAndNanos[0].compareTo(BigInteger.valueOf(MAX_COUNT)) > 0) {
      throw new MalformedAnswerException(path + "." + name + ": too large: " + excerpt(value));
    }
    return Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue());
  }

  private static Instant time(JsonNode value, String path) throws MalformedAnswerException {
    if (!value.isTextual()) {
      throw new MalformedAnswerException(path + ": not a string: " + excerpt(value));
    }
    try {
      Instant fast = UtcTimes.parse(value.textValue());
      return fast != null ? fast : Instant.parse(value.textValue());
    } catch (DateTimeParseException e) {
      throw new MalformedAnswerException(path + ": not an RFC 3339 time: " + excerpt(value));
    }
  }

  private static String excerpt(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }

  private static <E extends Enum<E>> Map<String, E> wireNames(E[] values) {
    Map<String, E> names = new TreeMap<>();
    for (E value : values) {
      names.put(value.name().toLowerCase(Locale.ROOT), value);
    }
    return Map.copyOf(names);
  }
}
