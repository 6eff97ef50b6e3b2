package dev.tcpmap.api.wire;

import static dev.tcpmap.core.testing.TestConnections.connection;

import dev.tcpmap.api.testing.GoldenFiles;
import dev.tcpmap.capture.AnalysisResult;
import dev.tcpmap.capture.CaptureStats;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Datagrams;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.UdpFlow;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.Edges;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AnalysisJsonTest {
  private static final Instant START = Instant.parse("2026-11-21T09:22:18.123456789Z");
  private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
  private static final IpAddress SERVER = IpAddress.parse("10.0.0.2");
  private static final IpAddress RESOLVER = IpAddress.parse("fd00::53");

  @Test
  void write_udpIcmpAndDnsOutcomes_asGolden() throws Exception {
    Connection rejected =
        connection(
            "10.0.0.1",
            41000,
            "10.0.0.2",
            80,
            START,
            Duration.ofMillis(2),
            0,
            0,
            Outcome.UNREACHABLE);
    UdpFlow refused =
        new UdpFlow(
            CLIENT, 40000, SERVER, 9999, START, Duration.ZERO, 42, 0, 1, 0, Outcome.REFUSED);
    UdpFlow exchange =
        new UdpFlow(
            CLIENT,
            40001,
            SERVER,
            7777,
            START.plusMillis(5),
            Duration.ofMillis(1_250),
            300,
            1_200,
            3,
            2,
            Outcome.CLOSED);
    IcmpError portUnreachable =
        new IcmpError(
            START.plusMillis(1), false, 3, 3, SERVER, "udp", CLIENT, 40000, SERVER, 9999, "udp");
    IcmpError prohibited =
        new IcmpError(
            START.plusMillis(2), false, 3, 13, SERVER, "tcp", CLIENT, 41000, SERVER, 80, "tcp");
    DnsName answer =
        new DnsName(IpAddress.parse("192.0.2.7"), "example.com", START, Duration.ofSeconds(60));
    DnsLookup answered =
        new DnsLookup(
            CLIENT,
            45000,
            RESOLVER,
            53,
            7,
            "example.com",
            1,
            START,
            Optional.of(Duration.ofMillis(3)),
            0,
            1);
    DnsLookup nxdomain =
        new DnsLookup(
            CLIENT,
            45001,
            RESOLVER,
            53,
            8,
            "nope.test",
            28,
            START,
            Optional.of(Duration.ofMillis(4)),
            3,
            0);
    DnsLookup unanswered =
        new DnsLookup(
            CLIENT, 45002, RESOLVER, 53, 9, "slow.test", 1, START, Optional.empty(), -1, 0);
    AnalysisResult result =
        new AnalysisResult(
            new CaptureStats(
                Path.of("cap.pcap"),
                12,
                2,
                new TreeMap<>(),
                new TreeMap<>(Map.of("udp", 6L, "dns", 6L, "icmp-error", 2L)),
                new TreeMap<>(),
                new TreeMap<>(),
                Optional.empty()),
            List.of(rejected),
            new TreeMap<>(),
            List.of(),
            List.of(answer),
            new Datagrams(
                List.of(refused, exchange),
                List.of(portUnreachable, prohibited),
                List.of(answered, nxdomain, unanswered)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    AnalysisJson.write(
        out,
        result,
        Edges.ofRecords(
            List.of(ConnectionRecord.named(rejected, Resolver.IP_ONLY)),
            Duration.ofSeconds(10),
            TimeRange.ALL));

    GoldenFiles.assertJsonMatches("analyze-datagrams.json", out.toByteArray());
  }
}
