package dev.tcpmap.api.wire;

import static dev.tcpmap.api.wire.PeerJson.field;
import static dev.tcpmap.api.wire.PeerJson.text;
import static dev.tcpmap.api.wire.PeerJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerTls;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire format of {@code GET /api/v1/peer/tls}: the handshakes an agent tells the others, exact
 * where the user-facing answers round (times to the nanosecond as {@link Instant#toString()}, every
 * field of {@link TlsHandshake} and of each certificate). Reading it back gives equal records.
 *
 * <pre>{@code
 * {"version": 1, "from": 1763716938000, "to": null, "asOf": "2026-11-21T11:22:18Z",
 *  "losses": {"agent/handshake-log-full": 2},
 *  "certificates": [{"subject": "CN=api.test", "issuer": "CN=ca", "sans": ["api.test"],
 *                    "notBefore": "2026-01-01T00:00:00Z", "notAfter": "2027-01-01T00:00:00Z",
 *                    "serial": "1f"}],
 *  "handshakes": [{"client": "10.0.0.1", "clientPort": 40001, "server": "10.0.0.2",
 *                  "serverPort": 443, "connectionStart": "2026-11-21T09:22:18.000000123Z",
 *                  "startSeen": true, "at": "2026-11-21T09:22:18.001Z", "sni": "api.test",
 *                  "clientVersions": ["TLS 1.3", "TLS 1.2"],
 *                  "clientCipherSuites": ["TLS_AES_128_GCM_SHA256"],
 *                  "alpnOffered": ["h2"], "alpnChosen": "h2", "version": "TLS 1.2",
 *                  "cipherSuite": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ja4": "t13d...",
 *                  "certificate": {"source": "observed", "probedAt": null, "chain": [0]}}]}
 * }</pre>
 *
 * Each distinct certificate is written once, in {@code certificates} (before {@code handshakes}),
 * and a chain lists indexes into it: an agent sees the same few servers over and over, and writing
 * each handshake's chain out in full made an agent's answer 1–3 KB per handshake, past the size
 * bound at the handshakes an agent keeps by default. A handshake without a chain has {@code
 * "certificate": null}; {@code probedAt} is null but for a probed chain. Compatibility as {@link
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
    ArrayNode certificates = out.putArray("certificates");
    Map<Certificate, Integer> index = new HashMap<>();
    ArrayNode list = out.putArray("handshakes");
    for (TlsHandshake h : tls.handshakes()) {
      list.add(handshake(h, index, certificates));
    }
    return out;
  }

  private static ObjectNode handshake(
      TlsHandshake h, Map<Certificate, Integer> index, ArrayNode certificates) {
    ObjectNode node = Json.object();
    node.put("client", h.client().toString());
    node.put("clientPort", h.clientPort());
    node.put("server", h.server().toString());
    node.put("serverPort", h.serverPort());
    node.put("connectionStart", h.connectionStart().toString());
    node.put("startSeen", h.startSeen());
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
      certificate.put("probedAt", chain.probedAt().map(Instant::toString).orElse(null));
      ArrayNode refs = certificate.putArray("chain");
      for (Certificate c : chain.chain()) {
        refs.add(
            index.computeIfAbsent(
                c,
                k -> {
                  certificates.add(certificate(k));
                  return certificates.size() - 1;
                }));
      }
    }
    return node;
  }

  private static ObjectNode certificate(Certificate c) {
    ObjectNode one = Json.object();
    one.put("subject", c.subject());
    one.put("issuer", c.issuer());
    strings(one.putArray("sans"), c.sans());
    one.put("notBefore", c.notBefore().toString());
    one.put("notAfter", c.notAfter().toString());
    one.put("serial", c.serial());
    return one;
  }

  /**
   * Reads an answer, one handshake at a time.
   *
   * @throws MalformedAnswerException when it is not a version-{@value #VERSION} answer
   * @throws IOException when reading the stream fails (not when its content is wrong)
   */
  public static PeerTls read(InputStream in) throws IOException, MalformedAnswerException {
    List<Certificate> certificates = new ArrayList<>();
    PeerJson.Envelope<TlsHandshake> answer =
        PeerJson.read(
            in,
            "handshakes",
            (n, path) -> handshake(n, path, certificates),
            Map.of("certificates", n -> certificates.addAll(certificates(n))));
    return new PeerTls(answer.asOf(), answer.losses(), answer.list());
  }

  private static List<Certificate> certificates(JsonNode list) throws MalformedAnswerException {
    if (!list.isArray()) {
      throw new MalformedAnswerException("certificates: not an array");
    }
    List<Certificate> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String c = "certificates[" + i + "]";
      JsonNode one = list.get(i);
      try {
        out.add(
            new Certificate(
                text(one, c, "subject"),
                text(one, c, "issuer"),
                strings(one, c, "sans"),
                time(field(one, c, "notBefore"), c + ".notBefore"),
                time(field(one, c, "notAfter"), c + ".notAfter"),
                text(one, c, "serial")));
      } catch (IllegalArgumentException e) {
        throw new MalformedAnswerException(c + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static TlsHandshake handshake(JsonNode n, String path, List<Certificate> certificates)
      throws MalformedAnswerException {
    try {
      return new TlsHandshake(
          ip(n, path, "client"),
          PeerJson.port(n, path, "clientPort"),
          ip(n, path, "server"),
          PeerJson.port(n, path, "serverPort"),
          time(field(n, path, "connectionStart"), path + ".connectionStart"),
          startSeen(n, path),
          time(field(n, path, "at"), path + ".at"),
          text(n, path, "sni"),
          strings(n, path, "clientVersions"),
          strings(n, path, "clientCipherSuites"),
          strings(n, path, "alpnOffered"),
          text(n, path, "alpnChosen"),
          text(n, path, "version"),
          text(n, path, "cipherSuite"),
          text(n, path, "ja4"),
          chain(n, path, certificates));
    } catch (IllegalArgumentException e) {
      // The records' own checks: a port out of range, at before connectionStart, ...
      throw new MalformedAnswerException(path + ": " + e.getMessage());
    }
  }

  /**
   * {@code null} is "no chain seen"; a missing field is malformed, as any other, and so is an index
   * that is not in {@code certificates} (which must come before the handshakes).
   */
  private static Optional<CertificateChain> chain(
      JsonNode n, String path, List<Certificate> certificates) throws MalformedAnswerException {
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
    JsonNode probedAt = value.get("probedAt");
    if (probedAt == null) {
      throw new MalformedAnswerException(at + ".probedAt: missing");
    }
    JsonNode list = field(value, at, "chain");
    if (!list.isArray()) {
      throw new MalformedAnswerException(at + ".chain: not an array");
    }
    List<Certificate> chain = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonNode ref = list.get(i);
      if (!ref.isIntegralNumber()
          || !ref.canConvertToInt()
          || ref.intValue() < 0
          || ref.intValue() >= certificates.size()) {
        throw new MalformedAnswerException(
            at
                + ".chain["
                + i
                + "]: not an index of the "
                + certificates.size()
                + " certificates before the handshakes: "
                + PeerJson.excerpt(ref));
      }
      chain.add(certificates.get(ref.intValue()));
    }
    return Optional.of(
        new CertificateChain(
            source,
            chain,
            probedAt.isNull() ? Optional.empty() : Optional.of(time(probedAt, at + ".probedAt"))));
  }

  /**
   * Absent is {@code true}: agents before the field was added only wrote handshakes whose
   * connection they saw open, or did not tell them apart.
   */
  private static boolean startSeen(JsonNode n, String path) throws MalformedAnswerException {
    JsonNode value = n.get("startSeen");
    if (value == null) {
      return true;
    }
    if (!value.isBoolean()) {
      throw new MalformedAnswerException(
          path + ".startSeen: not a boolean: " + PeerJson.excerpt(value));
    }
    return value.booleanValue();
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
