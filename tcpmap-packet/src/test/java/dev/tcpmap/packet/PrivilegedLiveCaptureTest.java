package dev.tcpmap.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testnet.Commands;
import dev.tcpmap.capture.testnet.Tcpdump;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.core.testing.Privileged;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on a real veth with the filter on, checked two ways: against tcpdump's capture of
 * everything filtered offline by libpcap with the same rules written as a pcap expression (the same
 * packets, byte for byte), and against what the test sent.
 */
@Tag("privileged")
class PrivilegedLiveCaptureTest {
  private static final String PAYLOAD4 = "(ip[2:2] - ((ip[0]&0xf)<<2) - ((tcp[12]&0xf0)>>2))";
  private static final String AT4 = "((tcp[12]&0xf0)>>2)";
  private static final String PAYLOAD6 = "(ip6[4:2] - ((ip6[52]&0xf0)>>2))";
  private static final String AT6 = "((ip6[52]&0xf0)>>2)";

  /** {@code CaptureFilter}'s rules with TLS port 443, in libpcap's language. */
  static final String SAME_RULES_FOR_LIBPCAP =
      ("(ip and tcp and ((tcp[13] & 7 != 0) or tcp src port 53 or (tcp port 443 and P4 > 0)"
              + " or (P4 > 4 and tcp[A4] = 0x16 and tcp[A4+1] = 3 and tcp[A4+2] <= 4)))"
              + " or (ip and udp src port 53)"
              + " or (ip6 and ip6[6] = 6 and ((ip6[53] & 7 != 0) or ip6[40:2] = 53"
              + " or ((ip6[40:2] = 443 or ip6[42:2] = 443) and P6 > 0)"
              + " or (P6 > 4 and ip6[40+A6] = 0x16 and ip6[41+A6] = 3 and ip6[42+A6] <= 4)))"
              + " or (ip6 and ip6[6] = 17 and ip6[40:2] = 53)")
          .replace("P4", PAYLOAD4)
          .replace("A4", AT4)
          .replace("P6", PAYLOAD6)
          .replace("A6", AT6);

  /** What the test needs of a captured frame (Ethernet, IPv4 or IPv6 without extensions). */
  record Seen(boolean v6, int protocol, int source, int destination, int flags, int payload) {
    static Seen of(byte[] frame) {
      ByteBuffer b = ByteBuffer.wrap(frame);
      boolean v6 = b.getShort(12) == (short) 0x86dd;
      int ip = 14;
      int protocol = v6 ? b.get(ip + 6) : b.get(ip + 9);
      int l4 = ip + (v6 ? 40 : (b.get(ip) & 0xf) * 4);
      int l4Length = v6 ? b.getShort(ip + 4) & 0xffff : (b.getShort(ip + 2) & 0xffff) - (l4 - ip);
      int header = protocol == 6 ? ((b.get(l4 + 12) & 0xf0) >> 2) : 8;
      return new Seen(
          v6,
          protocol,
          b.getShort(l4) & 0xffff,
          b.getShort(l4 + 2) & 0xffff,
          protocol == 6 ? b.get(l4 + 13) & 0xff : 0,
          l4Length - header);
    }
  }

  @Test
  void capture_vethTraffic_passesExactlyWhatTheRulesSay(@TempDir Path dir) throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("ip");
    Privileged.requireCommand("tcpdump");
    Privileged.requireCommand("ethtool");
    List<byte[]> frames = new ArrayList<>();
    List<Integer> linkTypes = new ArrayList<>();
    List<String> losses = new ArrayList<>();
    PacketSink sink =
        new PacketSink() {
          @Override
          public void packet(RawPacket p) {
            byte[] copy = new byte[p.capturedLength];
            java.lang.foreign.MemorySegment.copy(
                p.data, ValueLayout.JAVA_BYTE, p.dataOffset, copy, 0, copy.length);
            frames.add(copy);
            linkTypes.add(p.linkType);
          }

          @Override
          public void lost(String source, long count) {
            losses.add(source + " " + count);
          }
        };
    try (TestNetwork network = TestNetwork.create(1, 1);
        TestPeers peers = new TestPeers(network, dir)) {
      peers.startServer();
      Tcpdump tcpdump = Tcpdump.start(network, Side.B, dir.resolve("all.pcap"));
      LiveCapture capture = LiveCapture.start(config(network), sink);
      try {
        peers.runClient(network.v4(Side.B, 0).toString(), network.v6(Side.B, 0).toString());
        Thread.sleep(500); // the ring hands over a partly filled block after 20 ms
        tcpdump.stop(network);
      } finally {
        capture.close();
      }
      List<InterfaceStatus> status = capture.status();
      Path expected = dir.resolve("expected.pcap");
      Commands.run(
          Duration.ofSeconds(30),
          List.of(
              "tcpdump",
              "-r",
              dir.resolve("all.pcap").toString(),
              "-w",
              expected.toString(),
              SAME_RULES_FOR_LIBPCAP));

      assertThat(hex(frames)).containsExactlyInAnyOrderElementsOf(hex(read(expected)));
      assertThat(linkTypes).containsOnly(LinkTypes.ETHERNET);
      assertThat(status)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.state()).isEqualTo(InterfaceStatus.State.CAPTURING);
                assertThat(s.packets()).isEqualTo(frames.size()).isEqualTo(s.kernelPackets());
                assertThat(s.drops()).isZero();
              });
      assertThat(losses).isEmpty();
      assertSent(frames.stream().map(Seen::of).toList());
    }
  }

  /** Per family: what {@link LivePeer} sent, as the rules say it passes. */
  private static void assertSent(List<Seen> seen) {
    for (boolean v6 : new boolean[] {false, true}) {
      List<Seen> family = seen.stream().filter(s -> s.v6() == v6).toList();
      assertThat(family)
          .filteredOn(s -> s.protocol() == 6 && s.payload() > 0)
          .extracting(s -> s.destination() + "/" + s.payload())
          .containsExactlyInAnyOrder("8443/45", "443/50", "443/50", "443/50");
      assertThat(family)
          .filteredOn(s -> s.protocol() == 17)
          .extracting(s -> s.source() + "/" + s.payload())
          .containsExactly("53/60", "53/60", "53/60");
      assertThat(family)
          .filteredOn(s -> s.protocol() == 6 && (s.flags() & 0x02) != 0)
          .hasSize(2 * LivePeer.TCP_PORTS.length); // SYN and SYN-ACK of each connection
      assertThat(family)
          .filteredOn(s -> s.protocol() == 6 && s.payload() == 0)
          .allSatisfy(s -> assertThat(s.flags() & 0x07).isNotZero());
    }
  }

  @Test
  void capture_ticksTheSinkWithTheWallClock_packetsOrNot() throws Exception {
    List<Long> ticks = new java.util.concurrent.CopyOnWriteArrayList<>();
    PacketSink sink =
        new PacketSink() {
          @Override
          public void packet(RawPacket p) {}

          @Override
          public void lost(String source, long count) {}

          @Override
          public void tick(long epochNanos) {
            ticks.add(epochNanos);
          }
        };
    long before = wallNanos();
    LiveCapture capture = LiveCapture.start(CaptureConfig.of(InterfaceSelection.parse("lo")), sink);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (ticks.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    } finally {
      capture.close();
    }
    long after = wallNanos();

    assertThat(ticks).hasSizeGreaterThanOrEqualTo(3).isSorted();
    assertThat(ticks).allSatisfy(t -> assertThat(t).isBetween(before, after));
  }

  private static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static CaptureConfig config(TestNetwork network) {
    return CaptureConfig.of(InterfaceSelection.parse(network.interfaceName(Side.B)))
        .inNamespace(Path.of("/run/netns", network.namespace(Side.B)));
  }

  private static List<byte[]> read(Path file) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      RawPacket p = new RawPacket();
      while (reader.next(p)) {
        byte[] copy = new byte[p.capturedLength];
        java.lang.foreign.MemorySegment.copy(
            p.data, ValueLayout.JAVA_BYTE, p.dataOffset, copy, 0, copy.length);
        out.add(copy);
      }
    }
    return out;
  }

  private static List<String> hex(List<byte[]> frames) {
    return frames.stream().map(HexFormat.of()::formatHex).toList();
  }
}
