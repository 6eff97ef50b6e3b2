package dev.tcpmap.server.cluster;

import static dev.tcpmap.server.cluster.PeerJson.field;
import static dev.tcpmap.server.cluster.PeerJson.text;
import static dev.tcpmap.server.cluster.PeerJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.query.TimeRange;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire format of {@code GET /api/v1/peer/tls}: the handshakes an agent tells the others, exact
 * where the user-facing answers round (times to the nanosecond as {@link Instant#toString()}, every
 * field of {@link TlsHandshake} and of each certificate). Reading it back gives equal records.
 *
 * <pre>{@code
 * {"version": 1, "from": 1763716938000, "to": null, "asOf": "2026-11-21T11:22:18Z",
 *  "losses": {"agent/handshake-log-full": 2},
 *  "handshakes": [{"client": "10.0.0.1", "clientPort": 40001, "server": "10.0.0.2",
 *                  "serverPort": 443, "connectionStart": "2026-11-21T09:22:18.000000123Z",
 *                  "at": "2026-11-21T09:22:18.001Z", "sni": "api.test",
 *                  "clientVersions": ["TLS 1.3", "TLS 1.2"],
 *                  "clientCipherSuites": ["TLS_AES_128_GCM_SHA256"],
 *                  "alpnOffered": ["h2"], "alpnChosen": "h2", "version": "TLS 1.2",
 *                  "cipherSuite": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ja4": "t13d...",
 *                  "certificate": {"source": "observed",
 *                                  "chain": [{"subject": "CN=api.test", "issuer": "CN=ca",
 *                                             "sans": ["api.test"],
 *                                             "notBefore": "2026-01-01T00:00:00Z",
 *                                             "notAfter": "2027-01-01T00:00:00Z",
 *                                             "serial": "1f"}]}}]}
 * }</pre>
 *
 * A handshake without a chain has {@code "certificate": null}. Compatibility as {@link
 * PeerEdgesJson}: unknown fields are ignored, anything else unexpected makes the whole answer
 * malformed.
 */
public final class PeerTlsJson {
  /** The version written, and the only one read. */
  public static final int VERSION = PeerJson.VERSION;

  private PeerTlsJson() {}

  /** The answer to a request for {@code range}. */
  public static ObjectNode write(TimeRange range, PeerTls tls) {
    ObjectNode out = PeerJson.envelope(range, tls);
    ArrayNode list = out.putArray("handshakes");
    tls.handshakes().forEach(h -> list.add(handshake(h)));
    return out;
  }

  private static ObjectNode handshake(TlsHandshake h) {
    ObjectNode node = Json.object();
    node.put("client", h.client().toString());
    node.put("clientPort", h.clientPort());
    node.put("server", h.server().toString());
    node.put("serverPort", h.serverPort());
    node.put("connectionStart", h.connectionStart().toString());
    node.put("at", h.at().toString());
    node.put("sni", h.sni());
    strings(node.putArray("clientVersions"), h.clientVersions());
    strings(node.putArray("clientCipherSuites"), h.clientCipherSuites());
    strings(node.putArray("alpnOffered"), h.alpnOffered());
    node.put("alpnChosen", h.alpnChosen());
    node.put("version", h.version());
    node.put("cipherSuite", h.cipherSuite());
    node.put("ja4", h.ja4());
    if (h.certificate().isEmpty()) {
      node.putNull("certificate");
    } else {
      CertificateChain chain = h.certificate().get();
      ObjectNode certificate = node.putObject("certificate");
      certificate.put("source", chain.source().wireName());
      ArrayNode certificates = certificate.putArray("chain");
      for (Certificate c : chain.chain()) {
        ObjectNode one = certificates.addObject();
        one.put("subject", c.subject());
        one.put("issuer", c.issuer());
        strings(one.putArray("sans"), c.sans());
        one.put("notBefore", c.notBefore().toString());
        one.put("notAfter", c.notAfter().toString());
        one.put("serial", c.serial());
      }
    }
    return node;
  }

  /**
   * Reads an answer, one handshake at a time.
   *
   * @throws MalformedAnswerException when it is not a version-{@value #VERSION} answer
   * @throws IOException when reading the stream fails (not when its content is wrong)
   */
  public static PeerTls read(InputStream in) throws IOException, MalformedAnswerException {
    PeerJson.Envelope<TlsHandshake> answer =
        PeerJson.read(in, "handshakes", PeerTlsJson::handshake);
    return new PeerTls(answer.asOf(), answer.losses(), answer.list());
  }

  private static TlsHandshake handshake(JsonNode n, String path) throws MalformedAnswerException {
    try {
      return new TlsHandshake(
          ip(n, path, "client"),
          PeerJson.port(n, path, "clientPort"),
          ip(n, path, "server"),
          PeerJson.port(n, path, "serverPort"),
          time(field(n, path, "connectionStart"), path + ".connectionStart"),
          time(field(n, path, "at"), path + ".at"),
          text(n, path, "sni"),
          strings(n, path, "clientVersions"),
          strings(n, path, "clientCipherSuites"),
          strings(n, path, "alpnOffered"),
          text(n, path, "alpnChosen"),
          text(n, path, "version"),
          text(n, path, "cipherSuite"),
          text(n, path, "ja4"),
          chain(n, path));
    } catch (IllegalArgumentException e) {
      // The records' own checks: a port out of range, at before connectionStart, ...
      throw new MalformedAnswerException(path + ": " + e.getMessage());
    }
  }

  /** {@code null} is "no chain seen"; a missing field is malformed, as any other. */
  private static Optional<CertificateChain> chain(JsonNode n, String path)
      throws MalformedAnswerException {
    JsonNode value = n.get("certificate");
    if (value == null) {
      throw new MalformedAnswerException(path + ".certificate: missing");
    }
    if (value.isNull()) {
      return Optional.empty();
    }
    String at = path + ".certificate";
    String sourceName = text(value, at, "source");
    CertificateChain.Source source =
        switch (sourceName) {
          case "observed" -> CertificateChain.Source.OBSERVED;
          case "probed" -> CertificateChain.Source.PROBED;
          default ->
              throw new MalformedAnswerException(at + ".source: unknown: \"" + sourceName + "\"");
        };
    JsonNode list = field(value, at, "chain");
    if (!list.isArray()) {
      throw new MalformedAnswerException(at + ".chain: not an array");
    }
    List<Certificate> certificates = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String c = at + ".chain[" + i + "]";
      JsonNode one = list.get(i);
      certificates.add(
          new Certificate(
              text(one, c, "subject"),
              text(one, c, "issuer"),
              strings(one, c, "sans"),
              time(field(one, c, "notBefore"), c + ".notBefore"),
              time(field(one, c, "notAfter"), c + ".notAfter"),
              text(one, c, "serial")));
    }
    return Optional.of(new CertificateChain(source, certificates));
  }

  private static IpAddress ip(JsonNode n, String path, String name)
      throws MalformedAnswerException {
    try {
      return IpAddress.parse(text(n, path, name));
    } catch (IllegalArgumentException e) {
      throw new MalformedAnswerException(path + "." + name + ": " + e.getMessage());
    }
  }

  private static List<String> strings(JsonNode n, String path, String name)
      throws MalformedAnswerException {
    JsonNode list = field(n, path, name);
    if (!list.isArray()) {
      throw new MalformedAnswerException(path + "." + name + ": not an array");
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonNode value = list.get(i);
      if (!value.isTextual()) {
        throw new MalformedAnswerException(
            path + "." + name + "[" + i + "]: not a string: " + PeerJson.excerpt(value));
      }
      out.add(value.textValue());
    }
    return out;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
