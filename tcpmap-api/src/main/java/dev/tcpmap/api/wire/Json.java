package dev.tcpmap.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.EndpointNames;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
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
   * bytesReceived, outcome, startSeen}, and from a live source on the host (only then) {@code
   * clientProcess} and {@code serverProcess} ({@code pid, command, netns}; each only when that end
   * is on the host), {@code retransmits} and {@code srttMicros}. {@code durationMs} has microsecond
   * precision.
   */
  public static ObjectNode connection(Connection c) {
    return tree(g -> writeConnection(g, c));
  }

  /** Streams the record of {@link #connection}: the CLI writes millions of them this way. */
  public static void writeConnection(JsonGenerator g, Connection c) throws IOException {
    g.writeStartObject();
    writeKey(g, c.client(), c.clientPort(), c.server(), c.serverPort(), c.start());
    g.writeNumberField("durationMs", Numbers.millisToMicros(c.duration()));
    g.writeNumberField("bytesSent", c.bytesSent());
    g.writeNumberField("bytesReceived", c.bytesReceived());
    g.writeStringField("outcome", c.outcome().wireName());
    g.writeBooleanField("startSeen", c.startSeen());
    if (!c.details().equals(SocketDetails.NONE)) {
      writeProcess(g, "clientProcess", c.details().client());
      writeProcess(g, "serverProcess", c.details().server());
      g.writeNumberField("retransmits", c.details().retransmits());
      g.writeNumberField("srttMicros", c.details().srttMicros());
    }
    g.writeEndObject();
  }

  /**
   * A TLS handshake: {@code client, clientPort, server, serverPort, start} (the connection's SYN,
   * so that with the 4-tuple it names the connection record), {@code startSeen} (false when the
   * source joined the connection after its SYN, so {@code start} is only when it was first seen),
   * {@code sni, clientVersions, clientCipherSuites, alpn {offered, chosen}, version, cipherSuite,
   * ja4, certificate}. Versions and suites by name ({@code "TLS 1.3"}, {@code
   * "TLS_AES_128_GCM_SHA256"}); {@code ""} for what was not seen (no SNI, no ServerHello, ALPN
   * choice encrypted by TLS 1.3). {@code certificate} is null or {@code {source, probedAt?, chain:
   * [{subject, issuer, sans, notBefore, notAfter, serial}]}}, leaf first, {@code source} {@code
   * observed} or {@code probed}; {@code probedAt} (when the agent's probe read the chain) only for
   * a probed chain.
   */
  public static ObjectNode tlsHandshake(TlsHandshake h) {
    return tree(g -> writeTlsHandshake(g, h));
  }

  /** Streams the record of {@link #tlsHandshake}. */
  public static void writeTlsHandshake(JsonGenerator g, TlsHandshake h) throws IOException {
    g.writeStartObject();
    writeKey(g, h.client(), h.clientPort(), h.server(), h.serverPort(), h.connectionStart());
    g.writeBooleanField("startSeen", h.startSeen());
    g.writeStringField("sni", h.sni());
    writeStrings(g, "clientVersions", h.clientVersions());
    writeStrings(g, "clientCipherSuites", h.clientCipherSuites());
    g.writeObjectFieldStart("alpn");
    writeStrings(g, "offered", h.alpnOffered());
    g.writeStringField("chosen", h.alpnChosen());
    g.writeEndObject();
    g.writeStringField("version", h.version());
    g.writeStringField("cipherSuite", h.cipherSuite());
    g.writeStringField("ja4", h.ja4());
    if (h.certificate().isEmpty()) {
      g.writeNullField("certificate");
    } else {
      writeChain(g, h.certificate().get());
    }
    g.writeEndObject();
  }

  /** The fields that name a connection: {@code client, clientPort, server, serverPort, start}. */
  static void writeKey(
      JsonGenerator g,
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      Instant start)
      throws IOException {
    g.writeStringField("client", client.toString());
    g.writeNumberField("clientPort", clientPort);
    g.writeStringField("server", server.toString());
    g.writeNumberField("serverPort", serverPort);
    g.writeStringField("start", Numbers.micros(start));
  }

  private static void writeChain(JsonGenerator g, CertificateChain chain) throws IOException {
    g.writeObjectFieldStart("certificate");
    g.writeStringField("source", chain.source().wireName());
    if (chain.probedAt().isPresent()) {
      g.writeStringField("probedAt", Numbers.micros(chain.probedAt().get()));
    }
    g.writeArrayFieldStart("chain");
    for (Certificate c : chain.chain()) {
      g.writeStartObject();
      g.writeStringField("subject", c.subject());
      g.writeStringField("issuer", c.issuer());
      writeStrings(g, "sans", c.sans());
      g.writeStringField("notBefore", Numbers.micros(c.notBefore()));
      g.writeStringField("notAfter", Numbers.micros(c.notAfter()));
      g.writeStringField("serial", c.serial());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * A DNS answer seen in traffic: {@code name} (asked for, the start of any CNAME chain), {@code
   * ip} (an A or AAAA answer reached from it), {@code ttl} (seconds, the smallest along the chain),
   * {@code at} (when the answer was captured), {@code rcode} ({@code NOERROR}: only successful
   * answers name addresses).
   */
  public static ObjectNode dnsName(DnsName n) {
    return tree(g -> writeDnsName(g, n));
  }

  /** Streams the record of {@link #dnsName}. */
  public static void writeDnsName(JsonGenerator g, DnsName n) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", n.name());
    g.writeStringField("ip", n.address().toString());
    g.writeNumberField("ttl", n.ttl().toSeconds());
    g.writeStringField("at", Numbers.micros(n.at()));
    // Addresses come only from successful answers (DnsMessage.facts).
    g.writeStringField("rcode", "NOERROR");
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  private static void writeProcess(JsonGenerator g, String field, ProcessInfo process)
      throws IOException {
    if (!process.isKnown()) {
      return;
    }
    g.writeObjectFieldStart(field);
    g.writeNumberField("pid", process.pid());
    g.writeStringField("command", process.command());
    g.writeNumberField("netns", process.netns());
    g.writeStringField("container", process.container());
    g.writeEndObject();
  }

  /**
   * An edge: {@code client, clientName, server, serverName, serverPort, connections, outcomes
   * {closed, reset, refused, timeout, open, unknown}, persistent, bytesSent, bytesReceived,
   * durationMsSum, durationMsMax, firstSeen, lastSeen}. Names are display names ({@code pod.web-1},
   * or the IP). A process end adds {@code clientId} or {@code serverId}: its node id, as the IP
   * alone no longer tells two processes on one address apart. {@code firstSeen} is the earliest
   * connection start, {@code lastSeen} the latest end.
   */
  public static ObjectNode edge(EdgeStats e) {
    return tree(g -> writeEdge(g, e));
  }

  /** Streams the record of {@link #edge}. */
  public static void writeEdge(JsonGenerator g, EdgeStats e) throws IOException {
    g.writeStartObject();
    g.writeStringField("client", e.key().client().ip().toString());
    g.writeStringField("clientName", EndpointNames.title(e.key().client()));
    g.writeStringField("server", e.key().server().ip().toString());
    g.writeStringField("serverName", EndpointNames.title(e.key().server()));
    writeNodeId(g, "clientId", e.key().client());
    writeNodeId(g, "serverId", e.key().server());
    g.writeNumberField("serverPort", e.key().serverPort());
    writeTotals(g, e);
    g.writeEndObject();
  }

  /**
   * An edge of a grouped graph: {@code clientId, clientName, serverId, serverName, serverPort,
   * members} (how many pod-level edges it merges; absent when not known), then the totals as in
   * {@link #edge}.
   */
  public static ObjectNode groupEdge(GroupEdge e) {
    return tree(
        g -> {
          g.writeStartObject();
          g.writeStringField("clientId", e.client().id());
          g.writeStringField("clientName", e.client().title());
          g.writeStringField("serverId", e.server().id());
          g.writeStringField("serverName", e.server().title());
          g.writeNumberField("serverPort", e.serverPort());
          if (e.members() > 0) {
            g.writeNumberField("members", e.members());
          }
          writeTotals(g, e.totals());
          g.writeEndObject();
        });
  }

  /**
   * A node of a grouped graph: {@code id, kind, name, namespace, title}, and {@code workload {kind,
   * name}} for workloads and pods.
   */
  public static ObjectNode groupNode(GroupNode n) {
    ObjectNode node = object();
    node.put("id", n.id());
    node.put("kind", n.kind());
    node.put("name", n.name());
    node.put("namespace", n.namespace());
    node.put("title", n.title());
    if (!n.workload().equals(Endpoint.Workload.NONE)) {
      ObjectNode workload = node.putObject("workload");
      workload.put("kind", n.workload().kind());
      workload.put("name", n.workload().name());
    }
    return node;
  }

  /** The numbers of an edge, from {@code connections} to {@code lastSeen}. */
  private static void writeTotals(JsonGenerator g, EdgeStats e) throws IOException {
    g.writeNumberField("connections", e.connections());
    g.writeObjectFieldStart("outcomes");
    for (Outcome outcome : Outcome.values()) {
      g.writeNumberField(outcome.wireName(), e.outcomes().get(outcome));
    }
    g.writeEndObject();
    g.writeNumberField("persistent", e.persistent());
    g.writeNumberField("bytesSent", e.bytesSent());
    g.writeNumberField("bytesReceived", e.bytesReceived());
    g.writeNumberField("durationMsSum", Numbers.millisToMicros(e.durationSum()));
    g.writeNumberField("durationMsMax", Numbers.millisToMicros(e.durationMax()));
    g.writeStringField("firstSeen", Numbers.micros(e.firstStart()));
    g.writeStringField("lastSeen", Numbers.micros(e.lastSeen()));
  }

  /** The node id of an end, written only when it is not the IP (a process: {@code comm@IP}). */
  private static void writeNodeId(JsonGenerator g, String field, Endpoint endpoint)
      throws IOException {
    if (endpoint.kind() == Endpoint.Kind.PROCESS) {
      g.writeStringField(field, endpoint.nodeId());
    }
  }

  /** Writes one record through a generator. */
  @FunctionalInterface
  private interface Record {
    void write(JsonGenerator g) throws IOException;
  }

  /** The tree of a streamed record, so that each record's fields are written in one place. */
  private static ObjectNode tree(Record record) {
    try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
      record.write(buffer);
      return (ObjectNode) MAPPER.readTree(buffer.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException("JSON record could not be built", e);
    }
  }

  /**
   * A graph node: {@code id} (the IP; for a process {@code comm@IP}), {@code ip, kind, name,
   * namespace, title}.
   */
  public static ObjectNode endpoint(Endpoint endpoint) {
    ObjectNode node = object();
    node.put("id", endpoint.nodeId());
    node.put("ip", endpoint.ip().toString());
    node.put("kind", endpoint.kind().name().toLowerCase(Locale.ROOT));
    node.put("name", endpoint.name());
    node.put("namespace", endpoint.namespace());
    node.put("title", EndpointNames.title(endpoint));
    if (!endpoint.workload().equals(Endpoint.Workload.NONE)) {
      ObjectNode workload = node.putObject("workload");
      workload.put("kind", endpoint.workload().kind());
      workload.put("name", endpoint.workload().name());
    }
    if (!endpoint.node().isEmpty()) {
      node.put("node", endpoint.node());
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
