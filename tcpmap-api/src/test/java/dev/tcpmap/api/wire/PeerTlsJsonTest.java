package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.cluster.PeerTls;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PeerTlsJsonTest extends PeerAnswerContract<PeerTls> {
  private static final Instant T0 = TestConnections.T0;

  /** Every field at an awkward value: IPv6, nanoseconds, a probed chain of two, non-ASCII text. */
  private static final TlsHandshake ODD =
      new TlsHandshake(
          IpAddress.parse("2001:db8::10"),
          0,
          IpAddress.parse("fd00::1"),
          65_535,
          T0.plusNanos(1),
          true,
          Instant.parse("+12026-01-01T00:00:00.000000001Z"),
          "bücher.example",
          List.of("TLS 1.3", "TLS 1.2", "0x7F1C"),
          List.of("TLS_AES_128_GCM_SHA256", "0x00FF"),
          List.of("h2", "http/1.1"),
          "",
          "TLS 1.3",
          "TLS_AES_256_GCM_SHA384",
          "t13d1516h2_8daaf6152771_e5627efa2ab1",
          Optional.of(
              CertificateChain.probed(
                  List.of(
                      new Certificate(
                          "CN=bücher.example,O=Ü \\, Co",
                          "CN=ca",
                          List.of("bücher.example", "fd00::1"),
                          Instant.parse("2026-01-01T00:00:00.5Z"),
                          Instant.parse("9999-12-31T23:59:59.999999999Z"),
                          "deadbeef"),
                      new Certificate(
                          "CN=ca",
                          "CN=ca",
                          List.of(),
                          Instant.parse("2020-01-01T00:00:00Z"),
                          Instant.parse("2040-01-01T00:00:00Z"),
                          "1")),
                  T0.plusNanos(7))));

  /** Another connection to ODD's server: its chain is written as two indexes, not again. */
  private static final TlsHandshake AGAIN =
      new TlsHandshake(
          IpAddress.parse("2001:db8::11"),
          1,
          ODD.server(),
          ODD.serverPort(),
          T0,
          true,
          T0,
          ODD.sni(),
          ODD.clientVersions(),
          ODD.clientCipherSuites(),
          List.of(),
          "",
          ODD.version(),
          ODD.cipherSuite(),
          ODD.ja4(),
          Optional.of(
              new CertificateChain(
                  CertificateChain.Source.OBSERVED, ODD.certificate().get().chain())));

  /** A handshake without an answer and without a chain, IPv4. */
  private static final TlsHandshake PLAIN =
      TestHandshakes.midStream(
          IpAddress.parse("10.0.0.1"), 40_000, IpAddress.parse("10.0.0.2"), 443, T0, List.of());

  PeerTlsJsonTest() {
    super("peer-tls.json", PeerTlsJson::write, PeerTlsJson::read);
  }

  @Override
  PeerTls sample() {
    return new PeerTls(
        T0.plusNanos(123), Map.of("agent/handshake-log-full", 7L), List.of(ODD, PLAIN, AGAIN));
  }

  @Test
  void write_hasVersionWindowAndExactTimes() {
    ObjectNode out = PeerTlsJson.write(RANGE, sample());

    assertThat(out.get("version").asInt()).isEqualTo(1);
    assertThat(out.get("from").asLong()).isEqualTo(1_000);
    assertThat(out.get("to").asLong()).isEqualTo(2_000);
    assertThat(out.at("/handshakes/0/connectionStart").asText())
        .isEqualTo("2026-11-21T09:22:18.000000001Z");
    assertThat(out.at("/handshakes/0/certificate/source").asText()).isEqualTo("probed");
    assertThat(out.at("/handshakes/0/certificate/probedAt").asText())
        .isEqualTo("2026-11-21T09:22:18.000000007Z");
    assertThat(out.at("/certificates/0/notAfter").asText())
        .isEqualTo("9999-12-31T23:59:59.999999999Z");
    assertThat(out.at("/handshakes/1/certificate").isNull()).isTrue();
  }

  @Test
  void write_listsEachCertificateOnce_andChainsByIndex() {
    ObjectNode out = PeerTlsJson.write(RANGE, sample());

    assertThat(out.get("certificates")).hasSize(2);
    assertThat(out.at("/handshakes/0/certificate/chain").toString()).isEqualTo("[0,1]");
    assertThat(out.at("/handshakes/2/certificate/chain").toString()).isEqualTo("[0,1]");
    assertThat(out.at("/handshakes/2/certificate/source").asText()).isEqualTo("observed");
    assertThat(out.at("/handshakes/2/certificate/probedAt").isNull()).isTrue();
  }

  @Test
  void write_theDefaultHandshakesKept_fitTheSizeBound_whenServersRepeat() throws Exception {
    int kept = Configuration.defaults(AggregateSettings.AREA).agent().handshakes();
    List<TlsHandshake> handshakes = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      int server = i % 2_000; // 2,000 servers, each with its own leaf under one of 20 CAs
      List<String> sans = new ArrayList<>();
      for (int n = 0; n < 10; n++) {
        sans.add("name-" + n + ".service-" + server + ".example.com");
      }
      Certificate leaf =
          new Certificate(
              "CN=service-" + server + ".example.com,O=Example Incorporated,C=US",
              "CN=Example Issuing CA " + server % 20 + ",O=Example Incorporated,C=US",
              sans,
              T0,
              T0.plus(Duration.ofDays(90)),
              "%040x".formatted(server));
      Certificate ca =
          new Certificate(
              leaf.issuer(),
              "CN=Example Root,O=Example Incorporated,C=US",
              List.of(),
              T0,
              T0.plus(Duration.ofDays(3650)),
              "%040x".formatted(server % 20));
      handshakes.add(
          new TlsHandshake(
              IpAddress.parse("10.1." + (i / 250 % 250) + "." + (i % 250)),
              30_000 + i % 30_000,
              IpAddress.parse("10.2." + server / 250 + "." + server % 250),
              443,
              T0.plusMillis(i),
              true,
              T0.plusMillis(i + 2),
              "service-" + server + ".example.com",
              List.of("TLS 1.3", "TLS 1.2"),
              ODD.clientCipherSuites(),
              List.of("h2", "http/1.1"),
              "h2",
              "TLS 1.2",
              "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
              ODD.ja4(),
              Optional.of(
                  new CertificateChain(CertificateChain.Source.OBSERVED, List.of(leaf, ca)))));
    }
    PeerTls tls = new PeerTls(T0, Map.of(), handshakes);

    byte[] bytes = Json.mapper().writeValueAsBytes(PeerTlsJson.write(RANGE, tls));

    assertThat((long) bytes.length).isLessThan(FanOut.MAX_ANSWER_BYTES / 2);
    assertThat(PeerTlsJson.read(new ByteArrayInputStream(bytes))).isEqualTo(tls);
  }

  @Test
  void read_unknownFields_areIgnored() throws Exception {
    ObjectNode out = PeerTlsJson.write(RANGE, sample());
    out.putObject("future").putArray("x").add(1);
    handshake(out).put("ech", true);
    ((ObjectNode) out.at("/certificates/0")).put("keyUsage", "digital");

    assertThat(read(text(out))).isEqualTo(sample());
  }

  @Test
  void read_withoutStartSeen_readsTheStartAsSeen() throws Exception {
    ObjectNode out = PeerTlsJson.write(RANGE, sample());
    ((ObjectNode) out.at("/handshakes/1")).remove("startSeen");

    assertThat(PLAIN.startSeen()).isFalse();
    assertThat(read(text(out)).handshakes().get(1).startSeen()).isTrue();
  }

  static Stream<Broken> broken() {
    return Stream.of(
        new Broken("version 2", o -> o.put("version", 2), "version: expected 1, got 2"),
        new Broken("no handshakes", o -> o.remove("handshakes"), "handshakes: missing"),
        new Broken(
            "handshake number",
            o -> o.putArray("handshakes").add(3),
            "handshakes[0]: not an object"),
        new Broken(
            "bad ip",
            o -> handshake(o).put("server", "fd00::g"),
            "handshakes[0].server: not an IP address"),
        new Broken(
            "port out of range",
            o -> handshake(o).put("clientPort", 70_000),
            "handshakes[0]: clientPort out of range: 70000"),
        new Broken(
            "port that would wrap",
            o -> handshake(o).put("serverPort", (1L << 32) + 443),
            "handshakes[0].serverPort: port out of range: 4294967739"),
        new Broken(
            "at before start",
            o -> handshake(o).put("at", "2026-11-21T09:22:17Z"),
            "handshakes[0]: at 2026-11-21T09:22:17Z is before connectionStart"),
        new Broken(
            "bad time",
            o -> handshake(o).put("connectionStart", "now"),
            "handshakes[0].connectionStart: not an RFC 3339 time: \"now\""),
        new Broken(
            "version without suite",
            o -> handshake(o).put("cipherSuite", ""),
            "handshakes[0]: version and cipherSuite come from one ServerHello"),
        new Broken(
            "number in a list",
            o -> handshake(o).putArray("clientVersions").add(771),
            "handshakes[0].clientVersions[0]: not a string: 771"),
        new Broken(
            "no certificate field",
            o -> handshake(o).remove("certificate"),
            "handshakes[0].certificate: missing"),
        new Broken(
            "unknown source",
            o -> handshake(o).withObjectProperty("certificate").put("source", "guessed"),
            "handshakes[0].certificate.source: unknown: \"guessed\""),
        new Broken(
            "empty chain",
            o -> handshake(o).withObjectProperty("certificate").putArray("chain"),
            "handshakes[0]: chain is empty"),
        new Broken(
            "certificate without serial",
            o -> ((ObjectNode) o.at("/certificates/1")).remove("serial"),
            "certificates[1].serial: missing"),
        new Broken(
            "certificates not a list",
            o -> o.put("certificates", "none"),
            "certificates: not an array"),
        new Broken(
            "index past the certificates",
            o -> handshake(o).withObjectProperty("certificate").putArray("chain").add(2),
            "handshakes[0].certificate.chain[0]: not an index of the 2 certificates"),
        new Broken(
            "index not an integer",
            o -> handshake(o).withObjectProperty("certificate").putArray("chain").add(0.5),
            "handshakes[0].certificate.chain[0]: not an index"),
        new Broken(
            "certificates after the handshakes",
            o -> o.set("certificates", o.remove("certificates")),
            "handshakes[0].certificate.chain[0]: not an index of the 0 certificates"),
        new Broken(
            "no probe time field",
            o -> handshake(o).withObjectProperty("certificate").remove("probedAt"),
            "handshakes[0].certificate.probedAt: missing"),
        new Broken(
            "probe time on an observed chain",
            o ->
                ((ObjectNode) o.at("/handshakes/2/certificate"))
                    .put("probedAt", "2026-11-21T09:22:18Z"),
            "handshakes[2]: only a probed chain has a probe time"),
        new Broken(
            "startSeen not a boolean",
            o -> handshake(o).put("startSeen", "yes"),
            "handshakes[0].startSeen: not a boolean: \"yes\""),
        new Broken("sni missing", o -> handshake(o).remove("sni"), "handshakes[0].sni: missing"));
  }

  private static ObjectNode handshake(ObjectNode answer) {
    return (ObjectNode) answer.get("handshakes").get(0);
  }

  @Test
  void read_anEdgesAnswer_isMalformed() {
    assertThatThrownBy(
            () ->
                read(
                    "{\"version\":1,\"asOf\":\"2026-01-01T00:00:00Z\",\"losses\":{},\"edges\":[]}"))
        .isInstanceOf(MalformedAnswerException.class)
        .hasMessage("handshakes: missing");
  }

  @Test
  void read_emptyAnswer_hasNoHandshakes() throws Exception {
    PeerTls empty =
        read("{\"version\":1,\"asOf\":\"2026-01-01T00:00:00Z\",\"losses\":{},\"handshakes\":[]}");

    assertThat(empty.handshakes()).isEmpty();
  }
}
