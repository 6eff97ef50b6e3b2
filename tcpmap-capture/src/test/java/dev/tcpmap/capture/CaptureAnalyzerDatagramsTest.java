package dev.tcpmap.capture;

import static dev.tcpmap.capture.testing.Packets.ICMP;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.UDP;
import static dev.tcpmap.capture.testing.Packets.cut;
import static dev.tcpmap.capture.testing.Packets.icmp;
import static dev.tcpmap.capture.testing.Packets.ipv4;
import static dev.tcpmap.capture.testing.Packets.tcp;
import static dev.tcpmap.capture.testing.Packets.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.capture.dns.DnsWriter;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.capture.track.UdpConfig;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.UdpFlow;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UDP flows, DNS lookups and ICMP errors of a capture file, through the one decode loop. */
class CaptureAnalyzerDatagramsTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 1_700_000_000_000_000_000L;

  @TempDir Path dir;

  private AnalysisResult analyze(PcapWriter writer) throws Exception {
    return new CaptureAnalyzer(TrackerConfig.defaults(), UdpConfig.defaults())
        .analyze(writer.writeTo(dir.resolve("cap.pcap")));
  }

  @Test
  void analyze_closedUdpPort_flowIsRefusedAndTheErrorMatched() throws Exception {
    byte[] datagram = ipv4("10.0.0.1", "10.0.0.2", UDP, udp(40_000, 9_999, new byte[42]));
    PcapWriter writer =
        new PcapWriter(LinkTypes.RAW)
            .packet(T0, datagram)
            .packet(T0 + MS, ipv4("10.0.0.2", "10.0.0.1", ICMP, icmp(3, 3, cut(datagram, 28))));

    AnalysisResult result = analyze(writer);

    assertThat(result.datagrams().udp())
        .extracting(
            UdpFlow::serverPort, UdpFlow::bytesSent, UdpFlow::datagramsSent, UdpFlow::outcome)
        .containsExactly(tuple(9_999, 42L, 1L, Outcome.REFUSED));
    assertThat(result.datagrams().icmp())
        .extracting(IcmpError::typeName, IcmpError::protocol, IcmpError::matched)
        .containsExactly(tuple("destination-unreachable", "udp", "udp"));
  }

  @Test
  void analyze_connectRejectedByIcmp_isUnreachable() throws Exception {
    byte[] syn = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(41_000, 80, SYN, 0));
    PcapWriter writer =
        new PcapWriter(LinkTypes.RAW)
            .packet(T0, syn)
            .packet(T0 + 2 * MS, ipv4("10.0.0.2", "10.0.0.1", ICMP, icmp(3, 13, syn)));

    AnalysisResult result = analyze(writer);

    assertThat(result.connections())
        .extracting(Connection::outcome, Connection::duration)
        .containsExactly(tuple(Outcome.UNREACHABLE, Duration.ofMillis(2)));
    assertThat(result.datagrams().icmp()).extracting(IcmpError::matched).containsExactly("tcp");
  }

  @Test
  void analyze_dnsQueries_areMatchedToTheirResponses() throws Exception {
    byte[] query = new DnsWriter(5, DnsWriter.QUERY, true).question("nope.test", 1).bytes();
    byte[] nxdomain =
        new DnsWriter(5, DnsWriter.RESPONSE | 3, true).question("nope.test", 1).bytes();
    byte[] unanswered = new DnsWriter(6, DnsWriter.QUERY, true).question("slow.test", 1).bytes();
    PcapWriter writer =
        new PcapWriter(LinkTypes.RAW)
            .packet(T0, ipv4("10.0.0.1", "10.0.0.53", UDP, udp(45_000, 53, query)))
            .packet(T0 + MS, ipv4("10.0.0.53", "10.0.0.1", UDP, udp(53, 45_000, nxdomain)))
            .packet(T0 + 2 * MS, ipv4("10.0.0.1", "10.0.0.53", UDP, udp(45_001, 53, unanswered)))
            .packet(T0 + 6_000 * MS, ipv4("10.0.0.1", "10.0.0.2", UDP, udp(1_234, 5_678, query)));

    AnalysisResult result = analyze(writer);

    assertThat(result.datagrams().lookups())
        .extracting(DnsLookup::name, DnsLookup::rcodeName)
        .containsExactly(tuple("nope.test", "NXDOMAIN"), tuple("slow.test", "UNANSWERED"));
    assertThat(result.datagrams().udp())
        .extracting(UdpFlow::clientPort, UdpFlow::bytesSent, UdpFlow::bytesReceived)
        .containsExactlyInAnyOrder(
            tuple(45_000, (long) query.length, (long) nxdomain.length),
            tuple(45_001, (long) unanswered.length, 0L),
            tuple(1_234, (long) query.length, 0L));
  }
}
