package dev.tcpmap.aggregate;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The event path: sources on their threads, stages in order, the aggregator, a clean stop. */
class PipelineTest {
  private final Aggregator aggregator =
      new Aggregator(
          new Aggregator.Options("agent", 100_000, 100, Optional.empty()),
          Resolver.IP_ONLY,
          InstantSource.fixed(T0));

  /** A source that delivers {@code count} closes from its own thread, and one more at stop. */
  private static final class Counting implements Source {
    private final int port;
    private final int count;
    private final CountDownLatch done = new CountDownLatch(1);
    private EventSink sink;
    private final List<String> calls;

    Counting(int port, int count, List<String> calls) {
      this.port = port;
      this.count = count;
      this.calls = calls;
    }

    @Override
    public void start(EventSink sink) {
      this.sink = sink;
      calls.add("start " + port);
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  for (int i = 0; i < count; i++) {
                    sink.accept(
                        new ConnectionClosed(
                            TestConnections.connection(
                                "10.0.0.1", i, "10.0.1.1", port, T0, Duration.ZERO, 1, 1)));
                  }
                } finally {
                  done.countDown();
                }
              });
    }

    @Override
    public List<SourceStatus> status() {
      return List.of(new SourceStatus("counting-" + port, SourceStatus.State.RUNNING, ""));
    }

    @Override
    public void stop() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      calls.add("stop " + port);
      sink.accept(new EventsLost("counting", "held", 1));
    }
  }

  @Test
  void sourcesOnTheirOwnThreads_everyEventOnce_stopsInOrderAndTakesWhatTheyHeld() {
    List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    Pipeline pipeline =
        new Pipeline(
            List.of(), aggregator, Optional.empty(), Duration.ZERO, InstantSource.system());
    pipeline.start(List.of(new Counting(80, 20_000, calls), new Counting(443, 20_000, calls)));
    pipeline.stop();

    assertThat(pipeline.snapshot().records()).hasSize(40_000);
    assertThat(pipeline.events()).containsEntry("closed", 40_000L).containsEntry("lost", 2L);
    assertThat(pipeline.snapshot().losses()).containsEntry("counting/held", 2L);
    assertThat(calls).containsExactly("start 80", "start 443", "stop 80", "stop 443");
    assertThat(pipeline.status())
        .extracting(SourceStatus::name)
        .containsExactly("counting-80", "counting-443");

    pipeline.accept(new EventsLost("late", "after-stop", 1));
    assertThat(pipeline.snapshot().losses()).doesNotContainKey("late/after-stop");
  }

  @Test
  void stages_inOrder_mayDropAndCount() {
    List<String> seen = new ArrayList<>();
    EventStage first =
        (event, next) -> {
          seen.add("first " + event.kind());
          if (event instanceof TlsHandshakeSeen) {
            next.count("dropped-handshake");
            return;
          }
          next.accept(event);
        };
    EventStage second =
        (event, next) -> {
          seen.add("second " + event.kind());
          next.accept(event);
        };
    Pipeline pipeline =
        new Pipeline(
            List.of(first, second),
            aggregator,
            Optional.empty(),
            Duration.ZERO,
            InstantSource.system());
    pipeline.accept(new TlsHandshakeSeen(handshake()));
    pipeline.accept(new EventsLost("tracer", "ring-buffer-full", 3));

    assertThat(seen).containsExactly("first handshake", "first lost", "second lost");
    assertThat(pipeline.snapshot().handshakes()).isEmpty();
    assertThat(pipeline.events())
        .containsEntry("handshake", 1L)
        .containsEntry("dropped-handshake", 1L)
        .containsEntry("lost", 1L);
  }

  @Test
  void aSourceThatFailsToStart_stopsTheOnesBefore_andIsThrown() {
    List<String> calls = new ArrayList<>();
    Source broken =
        new Source() {
          @Override
          public void start(EventSink sink) {
            throw new IllegalStateException("no such file: x.pcap");
          }

          @Override
          public List<SourceStatus> status() {
            return List.of();
          }

          @Override
          public void stop() {}
        };
    Pipeline pipeline =
        new Pipeline(
            List.of(), aggregator, Optional.empty(), Duration.ZERO, InstantSource.system());
    assertThatThrownBy(() -> pipeline.start(List.of(new Counting(80, 1, calls), broken)))
        .hasMessage("no such file: x.pcap");
    assertThat(calls).containsExactly("start 80", "stop 80");
  }

  private static TlsHandshake handshake() {
    IpAddress a = IpAddress.parse("10.0.0.1");
    return TestHandshakes.tls13(a, 1, a, 443, T0, T0, "tls.test", Optional.empty());
  }
}
