package dev.tcpmap.capture.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Byte counts stay exact whatever the segmentation, duplication and reordering. */
class TcpTrackerPropertyTest {

  /** A transfer each way, the ISNs, the largest segment, and a seed for the network's mischief. */
  record Transfer(
      int clientBytes,
      int serverBytes,
      long clientIsn,
      long serverIsn,
      int maxSegment,
      long seed) {}

  private static Gen<Transfer> transfers() {
    Gen<Long> isns =
        longs().between(0, 0xFFFF_FFFFL).mix(longs().between(0xFFFF_0000L, 0xFFFF_FFFFL));
    Gen<Integer> sizes = integers().between(0, 200_000).mix(integers().between(0, 50));
    return sizes
        .zip(sizes, isns, isns, (a, b, c, d) -> new long[] {a, b, c, d})
        .zip(
            integers().between(1, 9_000),
            longs().all(),
            (v, mss, seed) -> new Transfer((int) v[0], (int) v[1], v[2], v[3], mss, seed));
  }

  @Test
  void accept_messedUpTransfer_countsExactBytes() {
    qt().withExamples(300)
        .forAll(transfers())
        .checkAssert(
            transfer -> {
              List<Event> events = new ArrayList<>();
              TcpTracker tracker = new TcpTracker(TrackerConfig.defaults(), events::add);
              segments(transfer).forEach(tracker::accept);
              tracker.finish(Long.MAX_VALUE / 2);

              assertThat(events).filteredOn(ConnectionClosed.class::isInstance).hasSize(1);
              Connection connection =
                  events.stream()
                      .filter(ConnectionClosed.class::isInstance)
                      .map(e -> ((ConnectionClosed) e).connection())
                      .findFirst()
                      .orElseThrow();
              assertThat(connection.bytesSent()).isEqualTo(transfer.clientBytes());
              assertThat(connection.bytesReceived()).isEqualTo(transfer.serverBytes());
              assertThat(connection.outcome()).isEqualTo(Outcome.CLOSED);
            });
  }

  /**
   * Handshake, then both directions' data cut at random and interleaved, some segments sent twice,
   * some resent overlapping their predecessors, shuffled within windows of up to 16 (or, one time
   * in four, completely), then both FINs.
   */
  private static List<TcpSegment> segments(Transfer transfer) {
    SplittableRandom random = new SplittableRandom(transfer.seed());
    TcpConversation c =
        TcpConversation.of("10.1.0.1", 45_678, "10.1.0.2", 8443)
            .isns(transfer.clientIsn(), transfer.serverIsn())
            .step(1_000);
    List<TcpSegment> out = new ArrayList<>(c.handshake());
    List<long[]> data =
        interleave(
            cut(true, transfer.clientBytes(), transfer.maxSegment(), random),
            cut(false, transfer.serverBytes(), transfer.maxSegment(), random),
            random);
    if (random.nextInt(4) == 0) {
      Collections.shuffle(data, new Random(random.nextLong()));
    } else {
      shuffleLocally(data, random);
    }
    List<TcpSegment> middle = new ArrayList<>();
    for (long[] d : data) {
      boolean fromClient = d[0] == 1;
      middle.add(fromClient ? c.clientData(d[1], (int) d[2]) : c.serverData(d[1], (int) d[2]));
    }
    out.addAll(middle);
    out.add(c.clientFin(transfer.clientBytes()));
    out.add(c.serverFin(transfer.serverBytes()));
    return out;
  }

  /** {direction, offset, length} pieces covering [0, total) in order, with duplicates. */
  private static List<long[]> cut(
      boolean fromClient, int total, int maxSegment, SplittableRandom random) {
    List<long[]> out = new ArrayList<>();
    long direction = fromClient ? 1 : 0;
    for (int offset = 0; offset < total; ) {
      int length = Math.min(total - offset, 1 + random.nextInt(maxSegment));
      out.add(new long[] {direction, offset, length});
      int dice = random.nextInt(20);
      if (dice == 0) {
        out.add(new long[] {direction, offset, length});
      } else if (dice == 1) {
        int from = Math.max(0, offset - random.nextInt(maxSegment));
        out.add(new long[] {direction, from, offset + length - from});
      }
      offset += length;
    }
    return out;
  }

  /** Merges two sequences, keeping the order within each. */
  private static List<long[]> interleave(List<long[]> a, List<long[]> b, SplittableRandom random) {
    List<long[]> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      boolean takeA = j == b.size() || (i < a.size() && random.nextBoolean());
      out.add(takeA ? a.get(i++) : b.get(j++));
    }
    return out;
  }

  private static <T> void shuffleLocally(List<T> segments, SplittableRandom random) {
    for (int i = 0; i < segments.size(); i++) {
      int j = Math.min(segments.size() - 1, i + random.nextInt(16));
      Collections.swap(segments, i, j);
    }
  }
}
