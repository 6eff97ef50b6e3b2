package dev.tcpmap.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.LiveStore;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testing.Packets;
import dev.tcpmap.capture.tls.TlsHandshakes;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IpAddress;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureFeedTest {
  private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

  private static DnsName name(String name) {
    return new DnsName(IpAddress.parse("198.51.100.1"), name, T0, Duration.ofSeconds(60));
  }

  @Test
  void fullQueue_dropsWithoutBlocking_andCountsQueueFull() {
    CaptureFeed feed = new CaptureFeed(1, Duration.ofMinutes(5));
    LiveStore store = new LiveStore(10, 10, InstantSource.fixed(T0));

    feed.name(name("a.test"));
    feed.name(name("b.test"));
    feed.finish();
    feed.drainTo(store);
    store.publish();

    assertThat(store.snapshot().names()).extracting(DnsName::name).containsExactly("a.test");
    assertThat(feed.lossTotals()).containsEntry("capture/queue-full", 1L);
  }

  @Test
  void tick_reportsAHandshakeWhoseConnectionWentQuiet() {
    CaptureFeed feed = new CaptureFeed(CaptureFeed.QUEUE_CAPACITY, Duration.ofMinutes(5));
    LiveStore store = new LiveStore(10, 10, InstantSource.fixed(T0));
    byte[] hello =
        TlsHandshakes.record("TLSv1.3", "TLS_AES_128_GCM_SHA256", "quiet.test", List.of()).client();
    feed.packet(packet(T0, Packets.SYN, 1000, new byte[0]));
    feed.packet(packet(T0.plusMillis(1), Packets.ACK | Packets.PSH, 1001, hello));

    feed.tick(nanos(T0.plus(Duration.ofMinutes(4))));
    feed.drainTo(store);
    store.publish();
    assertThat(store.snapshot().handshakes()).isEmpty();

    feed.tick(nanos(T0.plus(Duration.ofMinutes(6))));
    feed.drainTo(store);
    store.publish();
    assertThat(store.snapshot().handshakes())
        .singleElement()
        .satisfies(h -> assertThat(h.negotiated()).isFalse());
  }

  /** An Ethernet frame from 192.0.2.1:40000 to 198.51.100.1:443. */
  private static RawPacket packet(Instant at, int flags, long seq, byte[] payload) {
    byte[] tcp = Packets.tcp(40000, 443, flags, seq, 0, new byte[0], 0);
    byte[] segment = Arrays.copyOf(tcp, tcp.length + payload.length);
    System.arraycopy(payload, 0, segment, tcp.length, payload.length);
    byte[] frame =
        Packets.ethernet(
            Packets.ETHERTYPE_IPV4,
            Packets.ipv4("192.0.2.1", "198.51.100.1", Packets.TCP, segment));
    RawPacket packet = new RawPacket();
    packet.timestampNanos = nanos(at);
    packet.linkType = LinkTypes.ETHERNET;
    packet.capturedLength = frame.length;
    packet.originalLength = frame.length;
    packet.data = MemorySegment.ofArray(frame);
    return packet;
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  @Test
  void kernelDrops_areTotalsBySource() {
    CaptureFeed feed = new CaptureFeed(CaptureFeed.QUEUE_CAPACITY, Duration.ofMinutes(5));

    feed.lost("capture/kernel-drops", 5);
    feed.lost("capture/kernel-drops", 2);
    feed.finish();

    assertThat(feed.lossTotals()).containsExactly(Map.entry("capture/kernel-drops", 7L));
  }
}
