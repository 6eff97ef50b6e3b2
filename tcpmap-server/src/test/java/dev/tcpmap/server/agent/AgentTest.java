package dev.tcpmap.server.agent;

import static dev.tcpmap.server.agent.FakeSocketSource.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.history.Histories;
import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {
  private final FakeSocketSource source = new FakeSocketSource();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private Agent start() {
    return Agent.start(
        TcpmapConfig.defaults(),
        source,
        PacketCaptureSource.off(),
        Histories.inMemory(
            TcpmapConfig.defaults(), Resolver.IP_ONLY, InstantSource.system(), System.err),
        InstantSource.system(),
        new PrintStream(log, true, StandardCharsets.UTF_8),
        "test");
  }

  @Test
  void stop_readsTheRingDetachesAndReportsHeldCloses() {
    Agent agent = start();
    // A lone close is held for two seconds waiting for its partner; stopping reports it at once.
    source.emit(
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

    agent.stop();

    List<Connection> connections = agent.snapshot().connections();
    assertThat(connections).extracting(Connection::outcome).containsExactly(Outcome.CLOSED);
    assertThat(connections.getFirst().details().client().command()).isEqualTo("wget");
    assertThat(source.closed()).isTrue();
    assertThat(agent.status().sources())
        .extracting(SourceStatus::state)
        .containsOnly(SourceStatus.State.STOPPED);
    agent.stop();
  }

  @Test
  void failingPoll_marksTheTracerFailedInOneLogLine() throws Exception {
    source.close();
    Agent agent = start();
    try {
      for (int i = 0;
          i < 200 && agent.status().sources().getFirst().state() == SourceStatus.State.RUNNING;
          i++) {
        Thread.sleep(10);
      }
      SourceStatus tracer = agent.status().sources().getFirst();
      assertThat(tracer.state()).isEqualTo(SourceStatus.State.FAILED);
      assertThat(tracer.message()).isEqualTo("polled after close");
      assertThat(log.toString(StandardCharsets.UTF_8).lines())
          .contains("tcpmap: socket-tracer failed: polled after close");
    } finally {
      agent.stop();
    }
  }
}
