package dev.tcpmap.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.EndpointNames;
import dev.tcpmap.query.service.Answers.Certificates;
import dev.tcpmap.query.service.Answers.Handshakes;
import dev.tcpmap.query.service.Answers.NamedConnection;
import dev.tcpmap.query.service.Answers.NamedHandshake;
import dev.tcpmap.query.service.Answers.TlsConnections;
import dev.tcpmap.query.tls.ServerCertificate;
import dev.tcpmap.query.tls.TlsConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON of TLS: k8spacket's {@code /tlsparser} shapes, field for field as its Go structs marshal
 * ({@code model.TLSConnection}, {@code model.TLSDetails}), and tcpmap's native handshake and
 * certificate records. Stateless.
 */
public final class TlsJson {
  /**
   * Go's zero {@code time.Time}, which k8spacket writes for a certificate it has not read: {@code
   * "0001-01-01T00:00:00Z"}.
   */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private TlsJson() {}

  /**
   * k8spacket's TLS connection: {@code id, src, srcName, srcNamespace, dst, dstName, dstPort,
   * domain, usedTLSVersion, usedCipherSuite, lastSeen}; {@code dstPort} a number (Go's uint16),
   * {@code domain} the SNI, {@code lastSeen} the newest handshake's capture time as Go's RFC 3339.
   */
  public static ObjectNode connection(TlsConnection c, Endpoint src, Endpoint dst) {
    TlsHandshake h = c.newest();
    ObjectNode node = Json.object();
    node.put("id", c.id());
    node.put("src", h.client().toString());
    node.put("srcName", EndpointNames.title(src));
    node.put("srcNamespace", src.namespace());
    node.put("dst", h.server().toString());
    node.put("dstName", EndpointNames.title(dst));
    node.put("dstPort", h.serverPort());
    node.put("domain", h.sni());
    node.put("usedTLSVersion", h.version());
    node.put("usedCipherSuite", h.cipherSuite());
    node.put("lastSeen", Numbers.goTime(h.at()));
    return node;
  }

  /**
   * k8spacket's TLS details: {@code id, domain, dst, port, clientTLSVersions, clientCipherSuites,
   * usedTLSVersion, usedCipherSuite, certificate{notBefore, notAfter, serverChain, lastScrape}}.
   * The offers and choices are the newest handshake's; the certificate is the leaf of the newest
   * handshake that carried a chain, and {@code lastScrape} the time of the probe that read it (a
   * probed chain) or that handshake's capture time (an observed one). Without a chain the
   * certificate is as k8spacket leaves it: Go's zero time and {@code ""}.
   */
  public static ObjectNode details(TlsConnection c) {
    TlsHandshake h = c.newest();
    ObjectNode node = Json.object();
    node.put("id", c.id());
    node.put("domain", h.sni());
    node.put("dst", h.server().toString());
    node.put("port", h.serverPort());
    strings(node.putArray("clientTLSVersions"), h.clientVersions());
    strings(node.putArray("clientCipherSuites"), h.clientCipherSuites());
    node.put("usedTLSVersion", h.version());
    node.put("usedCipherSuite", h.cipherSuite());
    ObjectNode certificate = node.putObject("certificate");
    if (c.certified().isPresent()) {
      TlsHandshake seen = c.certified().get();
      CertificateChain chain = seen.certificate().orElseThrow();
      certificate.put("notBefore", Numbers.goTime(chain.leaf().notBefore()));
      certificate.put("notAfter", Numbers.goTime(chain.leaf().notAfter()));
      certificate.put("serverChain", serverChain(chain));
      certificate.put("lastScrape", Numbers.goTime(chain.probedAt().orElse(seen.at())));
    } else {
      certificate.put("notBefore", Numbers.goTime(GO_ZERO_TIME));
      certificate.put("notAfter", Numbers.goTime(GO_ZERO_TIME));
      certificate.put("serverChain", "");
      certificate.put("lastScrape", Numbers.goTime(GO_ZERO_TIME));
    }
    return node;
  }

  /**
   * The chain as text for a table cell: one line per certificate, leaf first, each {@code "<n>
   * s:<subject> i:<issuer>"} as {@code openssl s_client -showcerts} lists a chain (n from 0), lines
   * separated by {@code "\n"} without a final one.
   */
  static String serverChain(CertificateChain chain) {
    StringBuilder text = new StringBuilder();
    List<Certificate> certificates = chain.chain();
    for (int i = 0; i < certificates.size(); i++) {
      Certificate c = certificates.get(i);
      if (i > 0) {
        text.append('\n');
      }
      text.append(i).append(" s:").append(c.subject()).append(" i:").append(c.issuer());
    }
    return text.toString();
  }

  /**
   * A native handshake: the fields of {@link Json#tlsHandshake(TlsHandshake)} plus {@code
   * clientName} and {@code serverName} (display names, as {@code /api/v1/graph}) and {@code at}
   * (when the ClientHello was complete).
   */
  public static ObjectNode handshake(TlsHandshake h, Endpoint client, Endpoint server) {
    ObjectNode base = Json.tlsHandshake(h);
    ObjectNode node = Json.object();
    for (Map.Entry<String, JsonNode> field : base.properties()) {
      node.set(field.getKey(), field.getValue());
      switch (field.getKey()) {
        case "client" -> node.put("clientName", EndpointNames.title(client));
        case "server" -> node.put("serverName", EndpointNames.title(server));
        case "start" -> node.put("at", Json.time(h.at()));
        default -> {}
      }
    }
    return node;
  }

  /**
   * A server certificate: {@code subject, issuer, sans, serial, notBefore, notAfter,
   * daysUntilExpiry, source, firstSeen, lastSeen, servers[{server, port, sni}]}; {@code
   * daysUntilExpiry} whole days from {@code asOf} to {@code notAfter}, rounded down (negative once
   * expired: -1 on the day after).
   */
  public static ObjectNode certificate(ServerCertificate c, Instant asOf) {
    Certificate leaf = c.leaf();
    ObjectNode node = Json.object();
    node.put("subject", leaf.subject());
    node.put("issuer", leaf.issuer());
    strings(node.putArray("sans"), leaf.sans());
    node.put("serial", leaf.serial());
    node.put("notBefore", Json.time(leaf.notBefore()));
    node.put("notAfter", Json.time(leaf.notAfter()));
    node.put("daysUntilExpiry", daysUntil(asOf, leaf.notAfter()));
    node.put("source", c.source().wireName());
    node.put("firstSeen", Json.time(c.firstSeen()));
    node.put("lastSeen", Json.time(c.lastSeen()));
    ArrayNode servers = node.putArray("servers");
    for (ServerCertificate.Server s : c.servers()) {
      ObjectNode server = servers.addObject();
      server.put("server", s.ip().toString());
      server.put("port", s.port());
      server.put("sni", s.sni());
    }
    return node;
  }

  /** k8spacket's TLS connection list, as {@link #connection} writes each. */
  public static ArrayNode connections(TlsConnections answer) {
    ArrayNode out = Json.array();
    for (NamedConnection c : answer.connections()) {
      out.add(connection(c.connection(), c.client(), c.server()));
    }
    return out;
  }

  /**
   * {@code /api/v1/tls}: the header as {@link NativeJson#header}, {@code total}, {@code truncated},
   * {@code handshakes} (as {@link #handshake}).
   */
  public static ObjectNode handshakes(Handshakes answer) {
    ObjectNode out = NativeJson.header(answer.header());
    out.put("total", answer.total());
    out.put("truncated", answer.truncated());
    ArrayNode list = out.putArray("handshakes");
    for (NamedHandshake h : answer.handshakes()) {
      list.add(handshake(h.handshake(), h.client(), h.server()));
    }
    return out;
  }

  /** {@code /api/v1/certificates}: the header, {@code certificates} (as {@link #certificate}). */
  public static ObjectNode certificates(Certificates answer) {
    ObjectNode out = NativeJson.header(answer.header());
    ArrayNode list = out.putArray("certificates");
    for (ServerCertificate c : answer.certificates()) {
      list.add(certificate(c, answer.header().asOf()));
    }
    return out;
  }

  static long daysUntil(Instant asOf, Instant notAfter) {
    return Math.floorDiv(Duration.between(asOf, notAfter).getSeconds(), 86_400L);
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
