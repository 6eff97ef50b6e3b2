package dev.tcpmap.capture.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.dns.DnsWriter;
import dev.tcpmap.capture.testing.Packets;
import dev.tcpmap.capture.tls.TlsHandshakes;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.TlsHandshake;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeCollectorTest {
  private static final TlsHandshakes.Recorded TLS12 = TlsHandshakes.tls12();
  private static final TlsHandshakes.Recorded TLS13 =
      TlsHandshakes.record("TLSv1.3", "TLS_AES_256_GCM_SHA384", "alt.tls.test", List.of("h2"));

  private final List<TlsHandshake> handshakes = new ArrayList<>();
  private final List<Boolean> startsSeen = new ArrayList<>();
  private final List<DnsName> names = new ArrayList<>();
  private final HandshakeCollector.Sink sink =
      new HandshakeCollector.Sink() {
        @Override
        public void handshake(TlsHandshake handshake) {
          handshakes.add(handshake);
          startsSeen.add(handshake.startSeen());
        }

        @Override
        public void name(DnsName name) {
          names.add(name);
        }
      };
  private final HandshakeCollector collector =
      new HandshakeCollector(16, Duration.ofSeconds(60), sink);

  /**
   * Exactly one handshake was reported, {@link #TLS12}'s whole, on the connection {@link #wire()}
   * starts, and nothing is left tracked or counted as a problem.
   */
  private void assertTheTls12Handshake(boolean startSeen) {
    assertThat(handshakes)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.connectionStart()).isEqualTo(instant(Wire.START + 1_000));
              assertThat(h.sni()).isEqualTo("tls.test");
              assertThat(h.version()).isEqualTo("TLS 1.2");
              assertThat(h.certificate()).isPresent();
            });
    assertThat(startsSeen).containsExactly(startSeen);
    assertThat(collector.tracked()).isZero();
    assertThat(collector.tlsProblems()).isEmpty();
  }

  @Test
  void tls12InOrder_reportsOfferChoiceAndObservedChain() {
    wire().handshake().pieces(true, TLS12.client(), 1400).pieces(false, TLS12.server(), 1400);

    assertThat(handshakes).hasSize(1);
    TlsHandshake h = handshakes.getFirst();
    assertThat(h.client()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(h.clientPort()).isEqualTo(40000);
    assertThat(h.server()).isEqualTo(IpAddress.parse("198.51.100.1"));
    assertThat(h.serverPort()).isEqualTo(443);
    assertThat(h.connectionStart()).isEqualTo(instant(Wire.START + 1_000));
    assertThat(h.at()).isEqualTo(instant(Wire.START + 3_000));
    assertThat(h.sni()).isEqualTo("tls.test");
    assertThat(h.clientVersions()).containsExactly("TLS 1.2");
    assertThat(h.clientCipherSuites()).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(h.alpnOffered()).containsExactly("h2", "http/1.1");
    assertThat(h.alpnChosen()).isEqualTo("h2");
    assertThat(h.version()).isEqualTo("TLS 1.2");
    assertThat(h.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(h.ja4()).startsWith("t12d");
    Certificate leaf = h.certificate().orElseThrow().leaf();
    assertThat(h.certificate().orElseThrow().source().wireName()).isEqualTo("observed");
    assertThat(leaf.subject()).isEqualTo("CN=tls.test,O=tcpmap");
    assertThat(leaf.notBefore()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
    assertThat(leaf.notAfter()).isEqualTo(Instant.parse("2026-02-06T03:04:05Z"));
    assertThat(leaf.serial()).isEqualTo("d4fbac67ea6e6798");
    assertThat(collector.tracked()).isZero();
    assertThat(collector.tlsProblems()).isEmpty();
  }

  @Test
  void tls13_reportsVersionWithoutChain() {
    wire().handshake().pieces(true, TLS13.client(), 100).pieces(false, TLS13.server(), 100);

    assertThat(handshakes)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.version()).isEqualTo("TLS 1.3");
              assertThat(h.cipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
              assertThat(h.clientVersions()).containsExactly("TLS 1.3");
              assertThat(h.sni()).isEqualTo("alt.tls.test");
              assertThat(h.certificate()).isEmpty();
            });
  }

  @Test
  void reorderedSegments_giveTheSameHandshake() {
    wire().handshake().pieces(true, TLS12.client(), 50).pieces(false, TLS12.server(), 100);
    byte[] c = TLS12.client();
    byte[] s = TLS12.server();
    wire(40001)
        .handshake()
        .client(c, 100, 150)
        .client(c, 50, 100)
        .client(c, 0, 50)
        .client(c, 150, c.length)
        .server(s, 300, s.length)
        .server(s, 0, 300);

    assertThat(handshakes).hasSize(2);
    assertThat(same(handshakes.get(0), handshakes.get(1))).isTrue();
  }

  @Test
  void retransmissionsAndOverlaps_areReadOnce() {
    byte[] c = TLS12.client();
    byte[] s = TLS12.server();
    wire()
        .handshake()
        .client(c, 0, 60)
        .client(c, 0, 60)
        .client(c, 30, 120)
        .client(c, 10, 20)
        .client(c, 100, c.length)
        .server(s, 0, 200)
        .server(s, 150, 250)
        .server(s, 250, s.length);

    assertThat(handshakes)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.sni()).isEqualTo("tls.test");
              assertThat(h.certificate()).isPresent();
            });
    assertThat(collector.tlsProblems()).isEmpty();
  }

  @Test
  void holeNeverFilled_reportsWhatCameBeforeAndCountsTheGap() {
    byte[] c = TLS12.client();
    byte[] s = TLS12.server();
    wire()
        .handshake()
        .client(c, 0, c.length)
        .server(s, 0, 300)
        .server(s, 310, s.length)
        .fin(true, c.length)
        .fin(false, s.length);

    assertThat(handshakes)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.sni()).isEqualTo("tls.test");
              assertThat(h.version()).isEqualTo("TLS 1.2"); // the ServerHello came before the hole
              assertThat(h.certificate()).isEmpty();
            });
    assertThat(collector.tlsProblems()).containsEntry("gap-at-end", 1L);
    assertThat(collector.tracked()).isZero();
  }

  @Test
  void tooMuchBehindAHole_givesUp() {
    byte[] c = TLS12.client();
    Wire w = wire().handshake();
    for (int i = 0; i <= Reassembly.MAX_PENDING_SEGMENTS; i++) {
      w.client(c, 10 + i, 11 + i);
    }

    assertThat(collector.tlsProblems()).containsExactly(java.util.Map.entry("gap-buffer-full", 1L));
    assertThat(collector.tracked()).isZero();
    assertThat(handshakes).isEmpty();
  }

  @Test
  void notTls_isDroppedAtItsFirstByte() {
    byte[] http = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes();
    wire().handshake().client(http, 0, http.length);
    byte[] banner = "SSH-2.0-OpenSSH_9.6\r\n".getBytes();
    wire(40001).handshake().server(banner, 0, banner.length);

    assertThat(collector.tracked()).isZero();
    assertThat(handshakes).isEmpty();
    assertThat(collector.tlsProblems()).isEmpty();
  }

  @Test
  void startNotSeen_clientHelloStartsFollowing_reportedFromItsFirstSegment() {
    wire().pieces(true, TLS12.client(), 1400).pieces(false, TLS12.server(), 1400);

    assertTheTls12Handshake(false);
    assertThat(handshakes.getFirst().client()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(handshakes.getFirst().clientPort()).isEqualTo(40000);
  }

  @Test
  void startNotSeen_serverFlightReordered_isReadFromTheByteTheClientAcknowledged() {
    byte[] s = TLS12.server();
    wire().pieces(true, TLS12.client(), 1400).server(s, 300, s.length).server(s, 0, 300);

    assertThat(handshakes).singleElement().satisfies(h -> assertThat(h.certificate()).isPresent());
    assertThat(collector.tlsProblems()).isEmpty();
  }

  @Test
  void startNotSeen_theClientIsWhoSentTheClientHello_whateverThePorts() {
    new Wire(collector, "198.51.100.1", 443, "192.0.2.1", 40000)
        .pieces(true, TLS13.client(), 1400)
        .pieces(false, TLS13.server(), 1400);

    assertThat(handshakes)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.client()).isEqualTo(IpAddress.parse("198.51.100.1"));
              assertThat(h.clientPort()).isEqualTo(443);
              assertThat(h.serverPort()).isEqualTo(40000);
            });
  }

  @Test
  void startNotSeen_otherPayload_isNotFollowed() {
    byte[] c = TLS12.client();
    byte[] s = TLS12.server();
    wire().server(s, 0, s.length); // a ServerHello: type 2
    wire(40001).client(c, 0, 5).client(c, 5, c.length); // a record header alone: type unseen
    byte[] appData = {0x17, 0x03, 0x03, 0x00, 0x20, 0x01, 0, 0, 0, 0x03, 0x03, 0, 0};
    wire(40002).client(appData, 0, appData.length);
    byte[] http = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes();
    wire(40003).client(http, 0, http.length);

    assertThat(collector.tracked()).isZero();
    assertThat(handshakes).isEmpty();
    assertThat(collector.tlsProblems()).isEmpty();
  }

  @Test
  void startNotSeen_clientHelloInARstOrSynAck_startsNothing() {
    // A RST's data is no part of the stream (RFC 9293 §3.5.3), and the tracker makes no connection
    // of a lone RST; a SYN-ACK's data is the server's. Found by fuzzing whole captures.
    byte[] c = TLS13.client();
    wire().client(TcpSegment.RST | TcpSegment.ACK, c, 0, c.length);
    wire(40001).client(TcpSegment.SYN | TcpSegment.ACK, c, 0, c.length);

    assertThat(collector.tracked()).isZero();
    collector.finish();
    assertThat(handshakes).isEmpty();
  }

  @Test
  void clientHelloRetransmittedAfterTheAnswer_isReportedOnce() {
    byte[] c = TLS13.client();
    Wire w = wire().handshake().pieces(true, c, 1400).pieces(false, TLS13.server(), 1400);
    assertThat(handshakes).hasSize(1);

    w.pieces(true, c, 1400);
    collector.finish();

    assertThat(handshakes).hasSize(1);
    assertThat(startsSeen).containsExactly(true);
  }

  @Test
  void clientHelloAfterANewSynOnTheTuple_isFollowedAgain() {
    byte[] c = TLS13.client();
    wire().handshake().pieces(true, c, 1400).pieces(false, TLS13.server(), 1400);
    new Wire(collector, "192.0.2.1", 40000, "198.51.100.1", 443)
        .at(Wire.START + 1_000_000_000L)
        .handshake()
        .pieces(true, c, 1400);
    collector.finish();

    assertThat(handshakes).hasSize(2);
  }

  @Test
  void plainSink_getsHandshakesWithoutTheStartFlag() {
    List<TlsHandshake> plain = new ArrayList<>();
    HandshakeCollector.Sink plainSink =
        new HandshakeCollector.Sink() {
          @Override
          public void handshake(TlsHandshake handshake) {
            plain.add(handshake);
          }

          @Override
          public void name(DnsName name) {}
        };
    HandshakeCollector other = new HandshakeCollector(16, Duration.ofSeconds(60), plainSink);
    new Wire(other, "192.0.2.1", 40000, "198.51.100.1", 443)
        .pieces(true, TLS13.client(), 1400)
        .pieces(false, TLS13.server(), 1400);

    assertThat(plain).singleElement().satisfies(h -> assertThat(h.sni()).isEqualTo("alt.tls.test"));
  }

  /** A proxy tunnel's set-up before the TLS it carries, each side's bytes sent in pieces. */
  record Tunnel(String name, String client, String server, int piece) {
    @Override
    public String toString() {
      return name + ", pieces of " + piece;
    }
  }

  static Stream<Tunnel> tunnels() {
    String socks = "05 01 00" + "05 01 00 03 08 746c732e74657374 01bb";
    String socksReply = "05 00" + "05 00 00 01 c6336401 1f90";
    String userPass = "05 01 02" + "01 04 75736572 06 736563726574" + "05 01 00 01 c6336401 01bb";
    String userPassReply = "05 02" + "01 00" + "05 00 00 04 " + "20010db8".repeat(4) + "1f90";
    String connect = hex("CONNECT tls.test:443 HTTP/1.1\r\nHost: tls.test:443\r\n\r\n");
    String ok = hex("HTTP/1.1 200 Connection established\r\nVia: 1.1 proxy\r\n\r\n");
    return Stream.of(
        new Tunnel("SOCKS5", socks, socksReply, 1400),
        new Tunnel("SOCKS5", socks, socksReply, 7),
        new Tunnel("SOCKS5 with username and password", userPass, userPassReply, 1400),
        new Tunnel("SOCKS5 with username and password", userPass, userPassReply, 3),
        new Tunnel("HTTP CONNECT", connect, ok, 1400),
        new Tunnel("HTTP CONNECT", connect, ok, 5));
  }

  @ParameterizedTest
  @MethodSource("tunnels")
  void proxyTunnel_handshakeInsideIsRead(Tunnel t) {
    byte[] client = Packets.concat(bytes(t.client()), TLS12.client());
    byte[] server = Packets.concat(bytes(t.server()), TLS12.server());
    wire().handshake().pieces(true, client, t.piece()).pieces(false, server, t.piece());

    assertTheTls12Handshake(true);
  }

  @Test
  void proxyTunnel_sidesInterleavedAsOnTheWire_handshakeInsideIsRead() {
    byte[] request = bytes("05 01 00" + "05 01 00 01 c6336401 01bb");
    byte[] reply = bytes("05 00" + "05 00 00 01 00000000 0000");
    byte[] client = Packets.concat(request, TLS13.client());
    byte[] server = Packets.concat(reply, TLS13.server());
    wire()
        .handshake()
        .client(client, 0, 3)
        .server(server, 0, 2)
        .client(client, 3, request.length)
        .server(server, 2, reply.length)
        .client(client, request.length, client.length)
        .server(server, reply.length, server.length);

    assertThat(handshakes)
        .singleElement()
        .satisfies(h -> assertThat(h.version()).isEqualTo("TLS 1.3"));
  }

  /** A proxy set-up that gets no tunnel, and what is counted for it. */
  record NoTunnel(String name, String client, String server, Map<String, Long> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<NoTunnel> noTunnels() {
    String connect = hex("CONNECT tls.test:443 HTTP/1.1\r\n\r\n");
    return Stream.of(
        new NoTunnel(
            "HTTP 407",
            connect,
            hex("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"),
            Map.of("proxy-refused", 1L)),
        new NoTunnel(
            "SOCKS5 connection refused",
            "050100 050100 01 c6336401 01bb",
            "0500 050500 01 00000000 0000",
            Map.of("proxy-refused", 1L)),
        new NoTunnel("SOCKS5 GSSAPI", "050101", "0501", Map.of("proxy-auth-unsupported", 1L)),
        new NoTunnel(
            "HTTP head over 8 KiB",
            hex("CONNECT tls.test:443 HTTP/1.1\r\nCookie: " + "c".repeat(9_000) + "\r\n\r\n"),
            "",
            Map.of("proxy-preamble-too-long", 1L)),
        new NoTunnel(
            "a CONNECT tunnel carrying plain HTTP",
            connect + hex("GET / HTTP/1.1\r\n\r\n"),
            hex("HTTP/1.1 200 OK\r\n\r\n"),
            Map.of()),
        new NoTunnel("COPY, not CONNECT", hex("COPY /a HTTP/1.1\r\n\r\n"), "", Map.of()));
  }

  @ParameterizedTest
  @MethodSource("noTunnels")
  void proxyWithoutTunnel_isNoLongerFollowed_andCountedWhenAProxyRefused(NoTunnel t) {
    byte[] client = bytes(t.client());
    byte[] server = bytes(t.server());
    Wire w = wire().handshake().pieces(true, client, 1400);
    if (server.length > 0) {
      w.pieces(false, server, 1400);
    }

    assertThat(collector.tracked()).isZero();
    assertThat(handshakes).isEmpty();
    assertThat(collector.tlsProblems()).isEqualTo(t.problems());
  }

  @Test
  void flowTableFull_countsTheConnectionsNotFollowed() {
    HandshakeCollector small = new HandshakeCollector(1, Duration.ofSeconds(60), sink);
    new Wire(small, "192.0.2.1", 40000, "198.51.100.1", 443).syn();
    new Wire(small, "192.0.2.1", 40001, "198.51.100.1", 443).syn();
    new Wire(small, "192.0.2.1", 40002, "198.51.100.1", 53).syn();

    assertThat(small.tracked()).isEqualTo(1);
    assertThat(small.tlsProblems()).containsEntry("flow-table-full", 1L);
    assertThat(small.dnsProblems()).containsEntry("flow-table-full", 1L);
  }

  @Test
  void idleConnection_endsWithWhatWasSeen() {
    byte[] c = TLS12.client();
    Wire w = wire().handshake().client(c, 0, c.length);
    w.pause(Duration.ofSeconds(80).toNanos());
    wire(40001).at(w.time()).syn();

    assertThat(handshakes).singleElement().satisfies(h -> assertThat(h.negotiated()).isFalse());
    assertThat(collector.tracked()).isEqualTo(1);
  }

  @Test
  void advance_endsAnIdleConnection_withoutAPacket() {
    byte[] c = TLS13.client();
    Wire w = wire().handshake().client(c, 0, c.length);

    collector.advance(w.time() + Duration.ofSeconds(59).toNanos());
    assertThat(handshakes).isEmpty();
    collector.advance(w.time() + Duration.ofSeconds(80).toNanos());

    assertThat(handshakes).singleElement().satisfies(h -> assertThat(h.negotiated()).isFalse());
    assertThat(collector.tracked()).isZero();
  }

  @Test
  void bareAcks_doNotKeepAConnectionFollowed() {
    byte[] c = TLS13.client();
    Wire w = wire().handshake().client(c, 0, c.length);
    for (int i = 0; i < 8; i++) {
      w.pause(Duration.ofSeconds(10).toNanos()).ack(i % 2 == 0);
    }

    collector.advance(w.time());

    assertThat(handshakes)
        .singleElement()
        .satisfies(h -> assertThat(h.sni()).isEqualTo("alt.tls.test"));
    assertThat(collector.tracked()).isZero();
  }

  @Test
  void finish_reportsOpenConnections() {
    byte[] c = TLS13.client();
    wire().handshake().client(c, 0, c.length);

    collector.finish();

    assertThat(handshakes).singleElement().satisfies(h -> assertThat(h.version()).isEmpty());
    assertThat(collector.tracked()).isZero();
  }

  @Test
  void newSynOnTheSameTuple_endsTheOldConnection() {
    byte[] c = TLS13.client();
    wire().handshake().client(c, 0, c.length);
    Wire again = new Wire(collector, "192.0.2.1", 40000, "198.51.100.1", 443);
    again.pause(5_000_000).syn(); // same ISN: a retransmission, nothing happens

    assertThat(handshakes).isEmpty();
  }

  @Test
  void snapLengthCut_givesUp() {
    TcpSegment s = segment(443, 40000);
    s.payloadLength = 1000;
    s.capturedPayloadLength = 40;
    wire().handshake();
    s.flags = TcpSegment.ACK;
    s.seq = 0xFFFF_FF01L;
    collector.segment(flip(s), MemorySegment.ofArray(new byte[100]));

    assertThat(collector.tlsProblems()).containsEntry("snaplen-cut", 1L);
  }

  @Test
  void dnsOverUdp_reportsTheQuestionsNames() {
    byte[] answer = DnsWriter.aliasedAnswer("www.example.test", "edge.cdn.test", "198.51.100.7");
    TcpSegment s = segment(53, 5353);
    s.payloadLength = answer.length;
    s.capturedPayloadLength = answer.length;
    collector.datagram(s, MemorySegment.ofArray(answer));

    assertThat(names)
        .containsExactly(
            new DnsName(
                IpAddress.parse("198.51.100.7"),
                "www.example.test",
                instant(s.timestampNanos),
                Duration.ofSeconds(60)));
  }

  @Test
  void dnsOverTcp_readsTheServersStreamInOrder() {
    byte[] first = DnsWriter.answering("a.test", 28).address("a.test", 30, "2001:db8::7").tcp();
    byte[] second = DnsWriter.answering("b.test", 1).address("b.test", 40, "192.0.2.9").tcp();
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    new Wire(collector, "192.0.2.1", 40000, "198.51.100.1", 53)
        .handshake()
        .server(both, 20, both.length)
        .server(both, 0, 20);

    assertThat(names).extracting(DnsName::name).containsExactly("a.test", "b.test");
    assertThat(names)
        .extracting(DnsName::ttl)
        .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(40));
  }

  @Test
  void constructor_badLimits_areNamed() {
    assertThatThrownBy(() -> new HandshakeCollector(0, Duration.ofSeconds(1), sink))
        .hasMessage("maxFlows must be positive: 0");
    assertThatThrownBy(() -> new HandshakeCollector(1, Duration.ZERO, sink))
        .hasMessage("idleTimeout must be positive: PT0S");
  }

  @Test
  void manyHalfSentHandshakes_stayWithinTheSharedBudget_andAreCounted() {
    // Each client sends 8 KB of a 16,000-byte record starting a 60,000-byte ClientHello: the TLS
    // parser holds what it got, waiting for the rest. Twenty would hold 160 KB; the budget is 50
    // KB.
    HandshakeCollector small = new HandshakeCollector(64, 50_000, Duration.ofSeconds(60), sink);
    byte[] partial = new byte[8_000];
    partial[0] = 0x16;
    partial[1] = 0x03;
    partial[2] = 0x01;
    partial[3] = 0x3E; // record length 16,000: more than sent
    partial[4] = (byte) 0x80;
    partial[5] = 0x01; // ClientHello
    partial[6] = 0x00;
    partial[7] = (byte) 0xEA;
    partial[8] = 0x5C;
    for (int i = 0; i < 20; i++) {
      new Wire(small, "192.0.2.1", 41_000 + i, "198.51.100.1", 443)
          .handshake()
          .client(partial, 0, partial.length);
      assertThat(small.heldBytes()).isLessThanOrEqualTo(50_000);
    }

    assertThat(small.tlsProblems()).as("problems").containsKey("memory-budget-full").hasSize(1);
    assertThat(small.tlsProblems().get("memory-budget-full")).isGreaterThanOrEqualTo(13L);
    assertThat(small.heldBytes()).isPositive();
    assertThat(handshakes).isEmpty(); // no ClientHello was ever complete
  }

  private Wire wire() {
    return wire(40000);
  }

  private Wire wire(int clientPort) {
    return new Wire(collector, "192.0.2.1", clientPort, "198.51.100.1", 443);
  }

  /** A segment from 198.51.100.1:{@code sourcePort} to 192.0.2.1:{@code destinationPort}. */
  private static TcpSegment segment(int sourcePort, int destinationPort) {
    TcpSegment s = new TcpSegment();
    s.timestampNanos = Wire.START + 50_000;
    IpAddress source = IpAddress.parse("198.51.100.1");
    IpAddress destination = IpAddress.parse("192.0.2.1");
    s.srcLow = source.low();
    s.dstLow = destination.low();
    s.srcPort = sourcePort;
    s.dstPort = destinationPort;
    return s;
  }

  /** The same segment the other way round. */
  private static TcpSegment flip(TcpSegment s) {
    long low = s.srcLow;
    int port = s.srcPort;
    s.srcLow = s.dstLow;
    s.srcPort = s.dstPort;
    s.dstLow = low;
    s.dstPort = port;
    return s;
  }

  private static boolean same(TlsHandshake a, TlsHandshake b) {
    return a.sni().equals(b.sni())
        && a.clientCipherSuites().equals(b.clientCipherSuites())
        && a.version().equals(b.version())
        && a.cipherSuite().equals(b.cipherSuite())
        && a.ja4().equals(b.ja4())
        && a.certificate().equals(b.certificate());
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static String hex(String ascii) {
    return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }
}
