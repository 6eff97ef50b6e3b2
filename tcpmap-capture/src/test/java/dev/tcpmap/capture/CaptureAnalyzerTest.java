package dev.tcpmap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.testing.ConversationCapture;
import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.capture.tls.TlsHandshakes;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.model.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole capture files through {@link CaptureAnalyzer}: decoder, tracker and collector together. */
class CaptureAnalyzerTest {
  private static final TrackerConfig CONFIG =
      new TrackerConfig(Duration.ofSeconds(60), Duration.ofSeconds(20), 1024);
  private static final TlsHandshakes.Recorded TLS12 =
      TlsHandshakes.record(
          "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "tls.test", List.of("h2"));

  @TempDir Path dir;

  @Test
  void analyze_segmentExactlyHalfTheSequenceSpaceAhead_isIgnoredAndTheRestRead() throws Exception {
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    new ConversationCapture(writer, "192.0.2.1", 40000, "198.51.100.1", 443)
        .handshake()
        .clientAt(1L << 31, TLS12.client()) // neither before nor after the next byte: ignored
        .client(TLS12.client())
        .server(TLS12.server())
        .close();

    AnalysisResult result = analyze(writer);

    assertThat(result.stats().error()).isEmpty();
    assertThat(result.handshakes())
        .singleElement()
        .satisfies(h -> assertThat(h.sni()).isEqualTo("tls.test"));
    assertThat(result.stats().tlsProblems()).isEmpty();
    assertThat(result.connections())
        .singleElement()
        .extracting(Connection::bytesSent, Connection::bytesReceived)
        .containsExactly((long) TLS12.client().length, (long) TLS12.server().length);
  }

  @Test
  void analyze_captureWithoutTheSyn_reportsTheHandshakeFromTheClientHello() throws Exception {
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    ConversationCapture c =
        new ConversationCapture(writer, "192.0.2.1", 40000, "198.51.100.1", 443);
    c.client(TLS12.client()).server(TLS12.server()); // as "tcp[tcp.payload] = 0x16" keeps

    AnalysisResult result = analyze(writer);

    Connection connection = result.connections().getFirst();
    assertThat(connection.startSeen()).isFalse();
    assertThat(result.handshakes())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.sni()).isEqualTo("tls.test");
              assertThat(h.certificate()).isPresent();
              assertThat(h.connectionStart()).isEqualTo(connection.start());
            });
    assertThat(result.stats().tlsProblems()).isEmpty();
  }

  @Test
  void analyze_httpConnectTunnel_reportsTheHandshakeInside() throws Exception {
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    new ConversationCapture(writer, "192.0.2.1", 40000, "198.51.100.9", 3128)
        .handshake()
        .client("CONNECT tls.test:443 HTTP/1.1\r\nHost: tls.test:443\r\n\r\n".getBytes())
        .server("HTTP/1.1 200 Connection established\r\n\r\n".getBytes())
        .client(TLS12.client())
        .server(TLS12.server())
        .close();

    AnalysisResult result = analyze(writer);

    assertThat(result.handshakes())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.serverPort()).isEqualTo(3128);
              assertThat(h.sni()).isEqualTo("tls.test");
              assertThat(h.connectionStart()).isEqualTo(result.connections().getFirst().start());
            });
    assertThat(result.stats().tlsProblems()).isEmpty();
  }

  private AnalysisResult analyze(PcapWriter writer) throws Exception {
    return new CaptureAnalyzer(CONFIG).analyze(writer.writeTo(dir.resolve("capture.pcap")));
  }
}
