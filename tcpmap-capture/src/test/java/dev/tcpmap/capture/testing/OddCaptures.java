package dev.tcpmap.capture.testing;

import static dev.tcpmap.capture.testing.Packets.ACK;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_ARP;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV4;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV6;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_QINQ;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_QINQ_OLD;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_TRANSPARENT_ETHERNET;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_VLAN;
import static dev.tcpmap.capture.testing.Packets.FRAGMENT;
import static dev.tcpmap.capture.testing.Packets.IPIP;
import static dev.tcpmap.capture.testing.Packets.IPV6;
import static dev.tcpmap.capture.testing.Packets.PSH;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.UDP;
import static dev.tcpmap.capture.testing.Packets.ethernet;
import static dev.tcpmap.capture.testing.Packets.geneve;
import static dev.tcpmap.capture.testing.Packets.geneveOption;
import static dev.tcpmap.capture.testing.Packets.ipv4;
import static dev.tcpmap.capture.testing.Packets.ipv6;
import static dev.tcpmap.capture.testing.Packets.ipv6Fragment;
import static dev.tcpmap.capture.testing.Packets.tcp;
import static dev.tcpmap.capture.testing.Packets.udp;
import static dev.tcpmap.capture.testing.Packets.vlan;
import static dev.tcpmap.capture.testing.Packets.vxlan;

import dev.tcpmap.capture.file.LinkTypes;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small odd capture files for regression tests, checked in under {@code
 * src/test/resources/captures/odd/} and reproduced here byte for byte ({@code OddCapturesTest}
 * checks both agree; run {@link #main} to rewrite them on purpose).
 */
public final class OddCaptures {
  /** Where the files live, relative to the tcpmap-capture module. */
  public static final Path DIRECTORY = Path.of("src/test/resources/captures/odd");

  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final byte[] SYN_FRAME =
      ethernet(ETHERTYPE_IPV4, ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(40000, 80, SYN, 0)));
  private static final byte[] DATA_FRAME =
      ethernet(
          ETHERTYPE_IPV4,
          ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(40000, 80, PSH | ACK, 1, 1, new byte[0], 100)));

  private OddCaptures() {}

  /** File name to bytes, in a fixed order. */
  public static Map<String, byte[]> all() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("empty.pcap", new byte[0]);
    files.put(
        "wrong-magic.pcap",
        "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    files.put("header-only.pcap", new PcapWriter(LinkTypes.ETHERNET).toBytes());
    files.put("header-only.pcapng", new PcapngWriter(ByteOrder.LITTLE_ENDIAN).toBytes());
    files.put("unsupported-link-type.pcap", new PcapWriter(147).packet(T0, SYN_FRAME).toBytes());
    files.put(
        "zero-snaplen.pcap",
        twoPackets(new PcapWriter(LinkTypes.ETHERNET, ByteOrder.BIG_ENDIAN, false, 0)));
    byte[] two = twoPackets(new PcapWriter(LinkTypes.ETHERNET));
    files.put("truncated-record.pcap", Arrays.copyOf(two, two.length - 20));
    files.put(
        "truncated-record-header.pcap", Arrays.copyOf(two, two.length - DATA_FRAME.length - 6));
    files.put(
        "bogus-captured-length.pcap",
        new PcapWriter(LinkTypes.ETHERNET)
            .packet(T0, SYN_FRAME)
            .record(1, 0, 0x7FFF_FFFF, 60, SYN_FRAME)
            .toBytes());
    files.put("truncated.pcap.gz", truncatedGzip());
    files.put("snaplen-cut.pcap", snaplenCut());
    files.put("nested-vlans.pcap", nestedVlans());
    files.put("tunnels.pcap", tunnels());
    files.put("fragments.pcap", fragments());
    files.put("mixed-link-types.pcapng", mixedLinkTypes());
    files.put("truncated-block.pcapng", truncatedBlock());
    files.put("bad-trailing-length.pcapng", badTrailingLength());
    files.put("undefined-interface.pcapng", undefinedInterface());
    files.put("bogus-block-length.pcapng", bogusBlockLength());
    files.put(
        "version-0.0.pcap",
        new PcapWriter(LinkTypes.ETHERNET).version(0, 0).packet(T0, SYN_FRAME).toBytes());
    files.put(
        "version-65535.65535.pcap",
        new PcapWriter(LinkTypes.ETHERNET, ByteOrder.BIG_ENDIAN, true, 65535)
            .version(65535, 65535)
            .packet(T0, SYN_FRAME)
            .toBytes());
    files.put("sequence-half-space.pcap", sequenceHalfSpace());
    return files;
  }

  /**
   * Seeds for PacketDecoderFuzzTest: byte 0 picks the link type (index into its list: 0 Ethernet, 1
   * SLL, 2 SLL2, 3 raw, 6 BSD null), byte 1 the snap length cut, then the packet.
   */
  public static Map<String, byte[]> decoderSeeds() {
    byte[] inner =
        ipv4("10.244.1.5", "10.244.2.7", TCP, tcp(51000, 8080, PSH | ACK, 1, 1, new byte[0], 42));
    byte[] synOptions =
        Packets.concat(
            Packets.mss(1460),
            Packets.sackPermitted(),
            Packets.timestamps(1, 0),
            Packets.nop(),
            Packets.windowScale(7));
    byte[] syn6 =
        ipv6(
            "fd00::1",
            "fd00::2",
            Packets.HOP_BY_HOP,
            Packets.ipv6Extension(
                Packets.ROUTING,
                1,
                Packets.ipv6Extension(
                    FRAGMENT,
                    1,
                    ipv6Fragment(
                        Packets.AH,
                        0,
                        false,
                        Packets.ipv6Authentication(TCP, tcp(1, 2, SYN, 0, 0, synOptions, 0))))));
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "ethernet-syn-options",
        seed(
            0,
            0,
            ethernet(
                ETHERTYPE_IPV4,
                ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0, 0, synOptions, 0)))));
    seeds.put("ethernet-data-cut", seed(0, 1, Arrays.copyOf(DATA_FRAME, 60)));
    seeds.put(
        "qinq",
        seed(
            0,
            0,
            ethernet(ETHERTYPE_QINQ, vlan(100, ETHERTYPE_VLAN, vlan(10, ETHERTYPE_IPV4, inner)))));
    seeds.put("sll-ipv6-extensions", seed(1, 0, Packets.sll(ETHERTYPE_IPV6, syn6)));
    seeds.put("sll2-ipv4", seed(2, 0, Packets.sll2(ETHERTYPE_IPV4, inner)));
    seeds.put("raw-ipip", seed(3, 0, ipv4("192.168.1.1", "192.168.1.2", IPIP, inner)));
    seeds.put("null-ipv6", seed(6, 0, Packets.loopback(30, ByteOrder.LITTLE_ENDIAN, syn6)));
    seeds.put("vxlan", seed(0, 0, underlay(1, 8472, vxlan(1, ethernet(ETHERTYPE_IPV4, inner)))));
    seeds.put(
        "geneve",
        seed(
            0,
            0,
            underlay(
                1,
                6081,
                geneve(
                    ETHERTYPE_TRANSPARENT_ETHERNET,
                    1,
                    geneveOption(1, 1, new byte[4]),
                    ethernet(ETHERTYPE_IPV4, inner)))));
    return seeds;
  }

  private static byte[] seed(int linkTypeIndex, int cut, byte[] packet) {
    return Packets.concat(new byte[] {(byte) linkTypeIndex, (byte) cut}, packet);
  }

  /**
   * Rewrites the checked-in files and the generated fuzzing seeds (run from the tcpmap-capture
   * module directory). Seeds found by fuzzing live beside them and are kept.
   */
  public static void main(String[] args) throws Exception {
    write(DIRECTORY, all());
    Path resources = Path.of("src/test/resources/dev/tcpmap/capture");
    write(resources.resolve("file/CaptureReaderFuzzTestInputs/read"), all());
    write(resources.resolve("decode/PacketDecoderFuzzTestInputs/decode"), decoderSeeds());
  }

  private static void write(Path directory, Map<String, byte[]> files) throws java.io.IOException {
    Files.createDirectories(directory);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(directory.resolve(file.getKey()), file.getValue());
    }
  }

  private static byte[] twoPackets(PcapWriter writer) {
    return writer.packet(T0, SYN_FRAME).packet(T0 + 1_000_000, DATA_FRAME).toBytes();
  }

  private static byte[] truncatedGzip() {
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    for (int i = 0; i < 100; i++) {
      writer.packet(T0 + i, Packets.with16(DATA_FRAME, 14 + 20 + 4, i * 7919));
    }
    byte[] gzip = PcapWriter.gzip(writer.toBytes());
    return Arrays.copyOf(gzip, gzip.length * 2 / 3);
  }

  /** A payload cut (fine, counted with the IP length) and a TCP header cut (an error). */
  private static byte[] snaplenCut() {
    return new PcapWriter(LinkTypes.ETHERNET, ByteOrder.LITTLE_ENDIAN, false, 60)
        .packet(T0, DATA_FRAME, 60)
        .packet(T0, DATA_FRAME, 40)
        .toBytes();
  }

  private static byte[] nestedVlans() {
    byte[] ip = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(40000, 80, SYN, 0));
    return new PcapWriter(LinkTypes.ETHERNET, ByteOrder.BIG_ENDIAN, true, 65535)
        .packet(T0, ethernet(ETHERTYPE_VLAN, vlan(10, ETHERTYPE_IPV4, ip)))
        .packet(
            T0, ethernet(ETHERTYPE_QINQ, vlan(100, ETHERTYPE_VLAN, vlan(10, ETHERTYPE_IPV4, ip))))
        .packet(
            T0,
            ethernet(
                ETHERTYPE_QINQ_OLD,
                vlan(100, ETHERTYPE_VLAN, vlan(10, ETHERTYPE_ARP, new byte[28]))))
        .packet(T0, ethernet(ETHERTYPE_VLAN, new byte[2]))
        .toBytes();
  }

  private static byte[] tunnels() {
    byte[] inner =
        ipv4("10.244.1.5", "10.244.2.7", TCP, tcp(51000, 8080, PSH | ACK, 1, 1, new byte[0], 42));
    byte[] innerV6 = ipv6("fd00:10::5", "fd00:20::7", TCP, tcp(51000, 8080, SYN, 0));
    byte[] vxlanFrame = vxlan(1, ethernet(ETHERTYPE_IPV4, inner));
    byte[] geneveFrame =
        geneve(
            ETHERTYPE_TRANSPARENT_ETHERNET,
            2,
            geneveOption(0x0103, 1, new byte[8]),
            ethernet(ETHERTYPE_IPV6, innerV6));
    return new PcapWriter(LinkTypes.ETHERNET)
        .packet(T0, underlay(40001, 8472, vxlanFrame))
        .packet(T0, underlay(40001, 4789, vxlanFrame))
        .packet(T0, underlay(40001, 6081, geneveFrame))
        .packet(T0, ethernet(ETHERTYPE_IPV4, ipv4("192.168.1.1", "192.168.1.2", IPIP, inner)))
        .packet(T0, ethernet(ETHERTYPE_IPV4, ipv4("192.168.1.1", "192.168.1.2", IPV6, innerV6)))
        .packet(T0, ethernet(ETHERTYPE_IPV6, ipv6("fd00::1", "fd00::2", IPIP, inner)))
        .packet(T0, underlay(40001, 53, new byte[12]))
        .toBytes();
  }

  /** A UDP datagram between two nodes, as an overlay tunnel (or DNS) carries it on Ethernet. */
  private static byte[] underlay(int sourcePort, int port, byte[] payload) {
    return ethernet(
        ETHERTYPE_IPV4, ipv4("192.168.1.1", "192.168.1.2", UDP, udp(sourcePort, port, payload)));
  }

  private static byte[] fragments() {
    byte[] ip = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(40000, 80, ACK, 1, 1, new byte[0], 100));
    byte[] segment = tcp(40000, 80, ACK, 1, 1, new byte[0], 100);
    return new PcapWriter(LinkTypes.RAW)
        .packet(T0, Packets.with16(ip, 6, 0x2000))
        .packet(T0, Packets.with16(ip, 6, 0x0010))
        .packet(T0, ipv6("fd00::1", "fd00::2", FRAGMENT, ipv6Fragment(TCP, 0, true, segment)))
        .packet(T0, ipv6("fd00::1", "fd00::2", FRAGMENT, ipv6Fragment(TCP, 20, false, segment)))
        .packet(T0, ipv6("fd00::1", "fd00::2", FRAGMENT, ipv6Fragment(TCP, 0, false, segment)))
        .toBytes();
  }

  private static byte[] mixedLinkTypes() {
    byte[] ip = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(40000, 80, SYN, 0));
    return new PcapngWriter(ByteOrder.BIG_ENDIAN)
        .interfaceBlock(LinkTypes.ETHERNET, 262_144, PcapngWriter.Option.name("eth0"))
        .interfaceBlock(147, 0)
        .interfaceBlock(LinkTypes.RAW, 0, PcapngWriter.Option.tsresol(9))
        .enhancedPacket(0, T0 / 1000, SYN_FRAME)
        .enhancedPacket(1, T0 / 1000, ip)
        .enhancedPacket(2, T0, ip)
        .simplePacket(SYN_FRAME, SYN_FRAME.length)
        .section(ByteOrder.LITTLE_ENDIAN)
        .interfaceBlock(LinkTypes.LINUX_SLL2, 0)
        .enhancedPacket(0, T0 / 1000, Packets.sll2(ETHERTYPE_IPV4, ip))
        .toBytes();
  }

  /** A little-endian pcapng of two Ethernet frames: a SYN, then {@code second}. */
  private static byte[] synThen(byte[] second) {
    return PcapngWriter.withInterface(ByteOrder.LITTLE_ENDIAN, LinkTypes.ETHERNET)
        .enhancedPacket(0, 1, SYN_FRAME)
        .enhancedPacket(0, 2, second)
        .toBytes();
  }

  private static byte[] truncatedBlock() {
    byte[] whole = synThen(DATA_FRAME);
    return Arrays.copyOf(whole, whole.length - 30);
  }

  private static byte[] badTrailingLength() {
    byte[] file = synThen(SYN_FRAME);
    file[file.length - 4] ^= 0x40;
    return file;
  }

  /**
   * 34 KB whose third block claims 256 MiB - 4 bytes (just under the reader's cap): a reader that
   * trusts the claim allocates it before finding the file too short.
   */
  public static byte[] bogusBlockLength() {
    byte[] head =
        new PcapngWriter(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0)
            .enhancedPacket(0, 1, SYN_FRAME)
            .toBytes();
    byte[] claim =
        java.nio.ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(6)
            .putInt((256 << 20) - 4)
            .array();
    return Packets.concat(head, claim, new byte[34_000 - head.length - claim.length]);
  }

  /**
   * A connection whose client sends a segment exactly 2^31 past its next byte (neither before nor
   * after it in RFC 9293's arithmetic), then the bytes in order: the collector crashed on it.
   */
  private static byte[] sequenceHalfSpace() {
    // A handshake record of 295 bytes starting a ClientHello of 291 (its body left zero).
    byte[] hello = Arrays.copyOf(new byte[] {0x16, 3, 1, 0x01, 0x27, 1, 0, 0x01, 0x23, 3, 3}, 300);
    PcapWriter writer = new PcapWriter(LinkTypes.ETHERNET);
    new ConversationCapture(writer, "10.0.0.1", 40000, "10.0.0.2", 443)
        .handshake()
        .clientAt(1L << 31, hello)
        .client(hello)
        .close();
    return writer.toBytes();
  }

  private static byte[] undefinedInterface() {
    return new PcapngWriter(ByteOrder.BIG_ENDIAN)
        .interfaceBlock(LinkTypes.ETHERNET, 0)
        .enhancedPacket(0, 1, SYN_FRAME)
        .enhancedPacket(3, 2, SYN_FRAME)
        .toBytes();
  }
}
