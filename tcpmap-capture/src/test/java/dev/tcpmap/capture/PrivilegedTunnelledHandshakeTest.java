package dev.tcpmap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.capture.testnet.HandshakeCapture;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.tls.TlsHandshake;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS 1.3 handshakes between network namespaces, straight to the server and through SOCKS5 and
 * HTTP CONNECT tunnels set up by the JDK's own proxy clients, captured by tcpdump: each is
 * reported, whole, also from the same capture with every SYN taken out (a capture started
 * mid-connection, or filtered to handshakes).
 */
@Tag("privileged")
class PrivilegedTunnelledHandshakeTest {
  @TempDir static Path dir;
  private static HandshakeCapture.Result capture;
  private static AnalysisResult whole;
  private static AnalysisResult withoutSyns;

  @BeforeAll
  static void captureAndAnalyze() throws Exception {
    TrafficCapture.requireTools();
    capture = HandshakeCapture.runTunnelled(dir.resolve("tunnels.pcap"));
    CaptureAnalyzer analyzer = new CaptureAnalyzer(TrafficCapture.TRACKER_CONFIG);
    whole = analyzer.analyze(capture.file());
    withoutSyns = analyzer.analyze(withoutSyns(capture.file(), dir.resolve("no-syns.pcap")));
  }

  @Test
  void analyze_tunnelledHandshakes_areReportedWithTheirStart() {
    assertThat(capture.tcpdump().droppedByKernel()).isZero();
    Map<Integer, TlsHandshake> byPort = byClientPort(whole);
    Map<Integer, Connection> connections = connections(whole);

    assertThat(whole.stats().tlsProblems()).isEmpty();
    for (String name : HandshakeCapture.TUNNELS) {
      int port = capture.clientPorts().get(name);
      TlsHandshake h = byPort.get(port);
      assertThat(h).as(name).isNotNull();
      assertThat(h.sni()).isEqualTo(name + ".tls.test");
      assertThat(h.serverPort())
          .isEqualTo(name.equals("direct") ? 443 : HandshakeCapture.PROXY_PORT);
      assertThat(h.version()).as(name).isEqualTo("TLS 1.3");
      assertThat(h.cipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
      assertThat(connections.get(port).startSeen()).isTrue();
      assertThat(h.connectionStart()).isEqualTo(connections.get(port).start());
    }
    assertThat(whole.handshakes()).hasSize(HandshakeCapture.TUNNELS.size());
  }

  @Test
  void analyze_captureWithoutSyns_reportsTheSameHandshakesFromTheirClientHellos() {
    Map<Integer, TlsHandshake> before = byClientPort(whole);
    Map<Integer, TlsHandshake> after = byClientPort(withoutSyns);
    Map<Integer, Connection> connections = connections(withoutSyns);

    assertThat(withoutSyns.stats().tlsProblems()).isEmpty();
    assertThat(after).hasSameSizeAs(before);
    for (String name : HandshakeCapture.TUNNELS) {
      int port = capture.clientPorts().get(name);
      TlsHandshake h = after.get(port);
      assertThat(h).as(name).isNotNull();
      assertThat(h.client()).isEqualTo(before.get(port).client());
      assertThat(h.sni()).isEqualTo(before.get(port).sni());
      assertThat(h.ja4()).isEqualTo(before.get(port).ja4());
      assertThat(h.version()).isEqualTo("TLS 1.3");
      assertThat(connections.get(port).startSeen()).isFalse();
      assertThat(h.connectionStart()).isAfterOrEqualTo(connections.get(port).start());
    }
  }

  private static Map<Integer, TlsHandshake> byClientPort(AnalysisResult result) {
    return result.handshakes().stream()
        .collect(Collectors.toMap(TlsHandshake::clientPort, Function.identity()));
  }

  private static Map<Integer, Connection> connections(AnalysisResult result) {
    return result.connections().stream()
        .filter(c -> c.serverPort() == 443 || c.serverPort() == HandshakeCapture.PROXY_PORT)
        .collect(Collectors.toMap(Connection::clientPort, Function.identity()));
  }

  /** The capture's packets but those of TCP segments with SYN set, as a new pcap file. */
  private static Path withoutSyns(Path file, Path into) throws IOException {
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    PacketDecoder decoder = new PacketDecoder();
    TcpSegment segment = new TcpSegment();
    try (CaptureReader reader = CaptureReader.open(file)) {
      RawPacket packet = new RawPacket();
      while (reader.next(packet)) {
        boolean tcp = decoder.decodeTransport(packet, segment) == PacketDecoder.TCP;
        if (!tcp || !segment.has(TcpSegment.SYN)) {
          byte[] frame =
              packet
                  .data
                  .asSlice(packet.dataOffset, packet.capturedLength)
                  .toArray(ValueLayout.JAVA_BYTE);
          writer.packet(packet.timestampNanos, frame);
        }
      }
    }
    return writer.writeTo(into);
  }
}
