package dev.tcpmap.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testing.Packets;
import dev.tcpmap.capture.tls.TlsHandshakes;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.source.SourceStatus;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The capture source on a scripted capture: the packets a capture thread would hand over go through
 * the packet decode loop, and its losses come out as loss events.
 */
class PacketCaptureSourceTest {
  private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

  private final List<Event> events = new ArrayList<>();
  private PacketSink thread;
  private boolean closed;

  private final PacketCaptureFactory scripted =
      (config, sink) -> {
        thread = sink;
        return new PacketCaptureFactory.Capture() {
          @Override
          public List<InterfaceStatus> interfaces() {
            return List.of();
          }

          @Override
          public void close() {
            closed = true;
          }
        };
      };

  private PacketCaptureSource start(PacketCaptureFactory factory) {
    PacketCaptureSource source =
        new PacketCaptureSource(
            CaptureConfig.of(InterfaceSelection.parse("eth0")), Duration.ofMinutes(5), factory);
    source.start(events::add);
    return source;
  }

  @Test
  void tick_reportsAHandshakeWhoseConnectionWentQuiet() {
    PacketCaptureSource source = start(scripted);
    byte[] hello =
        TlsHandshakes.record("TLSv1.3", "TLS_AES_128_GCM_SHA256", "quiet.test", List.of()).client();
    thread.packet(packet(T0, Packets.SYN, 1000, new byte[0]));
    thread.packet(packet(T0.plusMillis(1), Packets.ACK | Packets.PSH, 1001, hello));

    thread.tick(nanos(T0.plus(Duration.ofMinutes(4))));
    assertThat(events).noneMatch(e -> e instanceof TlsHandshakeSeen);

    thread.tick(nanos(T0.plus(Duration.ofMinutes(6))));
    assertThat(events)
        .filteredOn(e -> e instanceof TlsHandshakeSeen)
        .singleElement()
        .satisfies(e -> assertThat(((TlsHandshakeSeen) e).handshake().negotiated()).isFalse());
    source.stop();
    assertThat(closed).isTrue();
  }

  @Test
  void kernelDrops_areReportedAsLossEventsOfWhatIsNew() {
    PacketCaptureSource source = start(scripted);
    thread.lost("capture/kernel-drops", 5);
    thread.lost("capture/kernel-drops", 2);
    source.stop();

    assertThat(
            events.stream()
                .filter(e -> e instanceof EventsLost)
                .mapToLong(e -> ((EventsLost) e).count())
                .sum())
        .as("each drop counted once, however the reports fell")
        .isEqualTo(7);
    assertThat(events)
        .filteredOn(e -> e instanceof EventsLost)
        .allMatch(e -> ((EventsLost) e).source().equals("capture"))
        .allMatch(e -> ((EventsLost) e).reason().equals("kernel-drops"));
  }

  @Test
  void captureThatCannotStart_isFailedWithTheReason_andNotThrown() {
    PacketCaptureSource source =
        start(
            (config, sink) -> {
              throw new IllegalStateException("no CAP_NET_RAW: run as root");
            });
    assertThat(source.failure()).contains("no CAP_NET_RAW: run as root");
    assertThat(source.status())
        .singleElement()
        .extracting(SourceStatus::state)
        .isEqualTo(SourceStatus.State.FAILED);
    source.stop();
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
}
