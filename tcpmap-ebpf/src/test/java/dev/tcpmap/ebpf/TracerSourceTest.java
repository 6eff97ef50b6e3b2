package dev.tcpmap.ebpf;

import static dev.tcpmap.ebpf.FakeSocketSource.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TracerSourceTest {
  private final FakeSocketSource socket = new FakeSocketSource();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final List<Event> events = new CopyOnWriteArrayList<>();

  private TracerSource start() {
    TracerSource source = source();
    source.start(events::add);
    return source;
  }

  private TracerSource source() {
    return new TracerSource(
        socket, 1024, Duration.ofSeconds(5), new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void stop_readsTheRingDetachesAndReportsHeldCloses() {
    TracerSource source = start();
    // A lone close is held for two seconds waiting for its partner; stopping reports it at once.
    socket.emit(
        record(
            Kind.OPENED,
            1,
            "10.0.0.1",
            41_000,
            "10.0.0.2",
            80,
            Role.ACTIVE,
            0,
            0,
            Outcome.OPEN,
            100,
            "wget"),
        record(
            Kind.CLOSED,
            1,
            "10.0.0.1",
            41_000,
            "10.0.0.2",
            80,
            Role.ACTIVE,
            10,
            20,
            Outcome.CLOSED,
            100,
            "wget"));

    source.stop();

    List<Connection> closed =
        events.stream()
            .filter(e -> e instanceof ConnectionClosed)
            .map(e -> ((ConnectionClosed) e).connection())
            .toList();
    assertThat(closed).extracting(Connection::outcome).containsExactly(Outcome.CLOSED);
    assertThat(closed.getFirst().details().client().command()).isEqualTo("wget");
    assertThat(socket.closed()).isTrue();
    assertThat(source.status())
        .extracting(SourceStatus::name, SourceStatus::state)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("socket-tracer", SourceStatus.State.STOPPED),
            org.assertj.core.api.Assertions.tuple("socket-iterator", SourceStatus.State.STOPPED));
    int before = events.size();
    source.stop();
    assertThat(events).hasSize(before);
  }

  @Test
  void sourceLosses_becomeLossEventsOfWhatIsNew() throws Exception {
    socket.setLoss("ring-buffer-full", 4);
    CountDownLatch reported = new CountDownLatch(1);
    TracerSource source = source();
    source.start(
        event -> {
          events.add(event);
          if (event instanceof EventsLost) {
            reported.countDown();
          }
        });
    try {
      assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      source.stop();
    }
    assertThat(events)
        .filteredOn(e -> e instanceof EventsLost)
        .containsExactly(new EventsLost("tracer", "ring-buffer-full", 4));
  }

  @Test
  void failingPoll_marksTheTracerFailedInOneLogLine() throws Exception {
    socket.close();
    TracerSource source = start();
    try {
      for (int i = 0;
          i < 200 && source.status().getFirst().state() == SourceStatus.State.RUNNING;
          i++) {
        Thread.sleep(10);
      }
      SourceStatus tracer = source.status().getFirst();
      assertThat(tracer.state()).isEqualTo(SourceStatus.State.FAILED);
      assertThat(tracer.message()).isEqualTo("polled after close");
      assertThat(log.toString(StandardCharsets.UTF_8).lines())
          .contains("tcpmap: socket-tracer failed: polled after close");
    } finally {
      source.stop();
    }
  }
}
