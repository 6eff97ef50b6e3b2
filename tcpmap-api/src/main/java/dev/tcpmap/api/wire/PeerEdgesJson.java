package dev.tcpmap.api.wire;

import static dev.tcpmap.api.wire.PeerJson.count;
import static dev.tcpmap.api.wire.PeerJson.duration;
import static dev.tcpmap.api.wire.PeerJson.field;
import static dev.tcpmap.api.wire.PeerJson.text;
import static dev.tcpmap.api.wire.PeerJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.SidedEdge;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.OutcomeCounts;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
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
 *                          "unknown": 0, "unreachable": 0},
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
  public static final int VERSION = PeerJson.VERSION;

  /** The largest count read, 2^53 - 1; durations likewise in seconds. */
  static final long MAX_COUNT = PeerJson.MAX_COUNT;

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final Map<String, Endpoint.Kind> KINDS = wireNames(Endpoint.Kind.values());
  private static final Map<String, Side> SIDES = wireNames(Side.values());

  private PeerEdgesJson() {}

  /** The answer to a request for {@code range}. */
  public static ObjectNode write(TimeRange range, PeerEdges edges) {
    ObjectNode out = PeerJson.envelope(range, edges);
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
    PeerJson.Envelope<SidedEdge> answer = PeerJson.read(in, "edges", PeerEdgesJson::edge);
    return new PeerEdges(answer.asOf(), answer.losses(), answer.list());
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
              PeerJson.port(n, path, "serverPort"));
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
                  count(outcomes, at, "unknown"),
                  // An agent from before issue 18 writes no unreachable count: it had none.
                  outcomes.has("unreachable") ? count(outcomes, at, "unreachable") : 0),
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

  private static <E extends Enum<E>> Map<String, E> wireNames(E[] values) {
    Map<String, E> names = new TreeMap<>();
    for (E value : values) {
      names.put(value.name().toLowerCase(Locale.ROOT), value);
    }
    return Map.copyOf(names);
  }
}
