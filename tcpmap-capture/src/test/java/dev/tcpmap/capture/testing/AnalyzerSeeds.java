package dev.tcpmap.capture.testing;

import dev.tcpmap.capture.dns.DnsWriter;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.tls.TlsHandshakes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds for CaptureAnalyzerFuzzTest: whole captures that reach every stage (a TLS 1.2 and a TLS 1.3
 * handshake, one without its SYN, SOCKS5 and HTTP CONNECT tunnels, DNS over UDP and TCP) and the
 * odd captures, as pcap and as pcapng. The handshakes are real ones made by the JDK, so the files
 * differ at each run of {@link #main}: they are checked in as they were written, like the inputs
 * fuzzing finds, and rewritten only on purpose.
 */
public final class AnalyzerSeeds {
  private static final Path DIRECTORY =
      Path.of("src/test/resources/dev/tcpmap/capture/CaptureAnalyzerFuzzTestInputs");

  private AnalyzerSeeds() {}

  /** Run from the tcpmap-capture module directory. */
  public static void main(String[] args) throws Exception {
    Map<String, byte[]> conversations = conversations();
    write("pcap", conversations, ".pcap", pcap -> pcap);
    write("pcapng", conversations, ".pcapng", AnalyzerSeeds::toPcapng);
  }

  private static void write(
      String method,
      Map<String, byte[]> conversations,
      String suffix,
      java.util.function.UnaryOperator<byte[]> format)
      throws java.io.IOException {
    Path directory = DIRECTORY.resolve(method);
    Files.createDirectories(directory);
    for (Map.Entry<String, byte[]> seed : conversations.entrySet()) {
      Files.write(directory.resolve(seed.getKey() + suffix), format.apply(seed.getValue()));
    }
    for (Map.Entry<String, byte[]> odd : OddCaptures.all().entrySet()) {
      if (odd.getKey().endsWith(suffix)) {
        Files.write(directory.resolve(odd.getKey()), odd.getValue());
      }
    }
  }

  /** Each a pcap file of Ethernet frames. */
  static Map<String, byte[]> conversations() {
    TlsHandshakes.Recorded tls12 =
        TlsHandshakes.record(
            "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "tls.test", List.of("h2"));
    TlsHandshakes.Recorded tls13 =
        TlsHandshakes.record("TLSv1.3", "TLS_AES_128_GCM_SHA256", "tls13.test", List.of());
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("tls12", conversation(443, true, new byte[0], new byte[0], tls12));
    seeds.put("tls13-without-syn", conversation(443, false, new byte[0], new byte[0], tls13));
    seeds.put(
        "socks5",
        conversation(
            1080,
            true,
            hex("05020002" + "050100 01 0a000002 01bb"),
            hex("0500" + "050000 01 00000000 0000"),
            tls13));
    seeds.put(
        "http-connect",
        conversation(
            3128,
            true,
            ascii("CONNECT tls.test:443 HTTP/1.1\r\nHost: tls.test:443\r\n\r\n"),
            ascii("HTTP/1.1 200 Connection established\r\n\r\n"),
            tls12));
    seeds.put("dns", dns());
    return seeds;
  }

  private static byte[] conversation(
      int serverPort,
      boolean syn,
      byte[] clientPreamble,
      byte[] serverPreamble,
      TlsHandshakes.Recorded tls) {
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    ConversationCapture c =
        new ConversationCapture(writer, "10.0.0.1", 40000, "10.0.0.2", serverPort);
    if (syn) {
      c.handshake();
    }
    if (clientPreamble.length > 0) {
      c.client(clientPreamble).server(serverPreamble);
    }
    c.client(tls.client()).server(tls.server()).close();
    return writer.toBytes();
  }

  private static byte[] dns() {
    byte[] answer = DnsWriter.aliasedAnswer("www.example.test", "edge.example.test", "10.0.0.7");
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    writer.packet(
        ConversationCapture.START,
        Packets.ethernet(
            Packets.ETHERTYPE_IPV4,
            Packets.ipv4("10.0.0.53", "10.0.0.1", Packets.UDP, Packets.udp(53, 5353, answer))));
    new ConversationCapture(writer, "10.0.0.1", 40001, "10.0.0.53", 53)
        .at(ConversationCapture.START + 1_000_000)
        .handshake()
        .server(
            DnsWriter.answering("a.example.test", 28)
                .address("a.example.test", 30, "2001:db8::7")
                .tcp())
        .close();
    return writer.toBytes();
  }

  /** The same packets as pcapng: one Ethernet interface, microsecond timestamps. */
  static byte[] toPcapng(byte[] pcap) {
    ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN).position(24);
    PcapngWriter out =
        new PcapngWriter(ByteOrder.LITTLE_ENDIAN).interfaceBlock(LinkTypes.ETHERNET, 0);
    while (in.remaining() >= 16) {
      long micros = Integer.toUnsignedLong(in.getInt()) * 1_000_000 + in.getInt();
      byte[] data = new byte[in.getInt()];
      int original = in.getInt();
      in.get(data);
      out.enhancedPacket(0, micros, data, original);
    }
    return out.toBytes();
  }

  private static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replace(" ", ""));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
