package dev.tcpmap.query.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsMergeTest {
  private static final Instant T0 = TestConnections.T0;
  private static final Optional<CertificateChain> CHAIN =
      Optional.of(
          new CertificateChain(
              CertificateChain.Source.OBSERVED,
              List.of(
                  new Certificate(
                      "CN=api.test",
                      "CN=ca",
                      List.of("api.test"),
                      T0.minusSeconds(86_400),
                      T0.plusSeconds(86_400),
                      "1f"))));

  private static TlsHandshake handshake(
      String client, int port, Instant start, String ja4, Optional<CertificateChain> chain) {
    return new TlsHandshake(
        IpAddress.parse(client),
        port,
        IpAddress.parse("fd00::2"),
        443,
        start,
        true,
        start.plusMillis(1),
        "api.test",
        List.of("TLS 1.3"),
        List.of("TLS_AES_128_GCM_SHA256"),
        List.of(),
        "",
        "TLS 1.2",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ja4,
        chain);
  }

  private static List<TlsHandshake> merge(List<TlsHandshake> a, List<TlsHandshake> b) {
    TlsMerge merge = new TlsMerge();
    merge.add(new PeerTls(T0, Map.of(), a));
    merge.add(new PeerTls(T0, Map.of(), b));
    return merge.finish(List.of());
  }

  @Test
  void finish_sameHandshakeFromTwoAgents_keepsTheOneWithTheChain() {
    // The server's node saw the chain; the client's node, whose clock is 3 ms behind, did not.
    TlsHandshake clientNode = handshake("fd00::1", 40000, T0, "j", Optional.empty());
    TlsHandshake serverNode = handshake("fd00::1", 40000, T0.plusMillis(3), "j", CHAIN);

    assertThat(merge(List.of(clientNode), List.of(serverNode))).containsExactly(serverNode);
    assertThat(merge(List.of(serverNode), List.of(clientNode))).containsExactly(serverNode);
  }

  @Test
  void finish_sameHandshakeWithoutChains_keepsTheEarliest() {
    TlsHandshake early = handshake("fd00::1", 40000, T0, "j", Optional.empty());
    TlsHandshake late = handshake("fd00::1", 40000, T0.plusMillis(1_999), "j", Optional.empty());

    assertThat(merge(List.of(late), List.of(early))).containsExactly(early);
  }

  @Test
  void finish_sameFourTupleBeyondTheTolerance_areTwoHandshakes() {
    TlsHandshake first = handshake("fd00::1", 40000, T0, "j", CHAIN);
    TlsHandshake reused = handshake("fd00::1", 40000, T0.plusSeconds(61), "j", CHAIN);
    TlsHandshake justOver = handshake("fd00::1", 40000, T0.plusMillis(2_001), "j", CHAIN);

    assertThat(merge(List.of(first, reused), List.of(justOver)))
        .containsExactlyInAnyOrder(first, justOver, reused);
  }

  @Test
  void finish_anotherClientHelloOrPort_isAnotherHandshake() {
    TlsHandshake one = handshake("fd00::1", 40000, T0, "j", CHAIN);
    TlsHandshake otherHello = handshake("fd00::1", 40000, T0, "k", CHAIN);
    TlsHandshake otherPort = handshake("fd00::1", 40001, T0, "j", CHAIN);
    TlsHandshake otherClient = handshake("10.0.0.1", 40000, T0, "j", CHAIN);

    assertThat(merge(List.of(one, otherHello), List.of(otherPort, otherClient))).hasSize(4);
  }

  @Test
  void finish_aRunIsMeasuredFromItsFirstRecord() {
    // 0 s, 1.5 s, 3 s: the third is beyond the tolerance from the first, so it starts a new one.
    TlsHandshake a = handshake("fd00::1", 40000, T0, "j", Optional.empty());
    TlsHandshake b = handshake("fd00::1", 40000, T0.plusMillis(1_500), "j", CHAIN);
    TlsHandshake c = handshake("fd00::1", 40000, T0.plusMillis(3_000), "j", Optional.empty());

    assertThat(merge(List.of(a, c), List.of(b))).containsExactlyInAnyOrder(b, c);
  }
}
