package dev.tcpmap.query.service;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.Pipeline;
import dev.tcpmap.aggregate.history.Histories;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.store.StoreSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A window's handshakes: those the history wrote and the newer ones only live, each once. */
class HistoryViewTest {
  @TempDir Path dir;

  private History open(String dataDir) {
    return Histories.open(
        Configuration.load(List.of(StoreSettings.AREA), Map.of("store.data-dir", dataDir), Map.of())
            .get(StoreSettings.AREA),
        100,
        Map.of(),
        InstantSource.fixed(T0),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void handshakes_storedOrLive_eachReadOnce() {
    try (History history = open(dir.toString())) {
      List<TlsHandshake> live = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Instant at = T0.plusSeconds(i);
        live.add(
            TestHandshakes.tls13(
                IpAddress.parse("10.0.0.1"),
                50_000 + i,
                IpAddress.parse("10.0.0.2"),
                443,
                at,
                at,
                "api.test",
                Optional.empty()));
      }
      Pipeline pipeline =
          new Pipeline(
              List.of(),
              new Aggregator(
                  new Aggregator.Options("agent", 100, 100, Optional.empty()),
                  Resolver.IP_ONLY,
                  InstantSource.fixed(T0.plusSeconds(60))),
              Optional.of(history),
              Duration.ofDays(1),
              InstantSource.fixed(T0.plusSeconds(60)));
      live.forEach(h -> pipeline.accept(new TlsHandshakeSeen(h)));
      HistoryView view = new HistoryView(pipeline, Resolver.IP_ONLY, InstantSource.system());
      // Hand over the first 20 s, as the agent does once they settled.
      Instant settled = T0.plusSeconds(20);
      history.keepHandshakes(live.stream().filter(h -> h.at().isBefore(settled)).toList(), settled);

      for (int round = 0; round < 50; round++) {
        assertThat(view.tls(TimeRange.ALL).handshakes()).hasSize(30);
        assertThat(
                view.tls(
                        new TimeRange(
                            T0.plusSeconds(15).toEpochMilli(), T0.plusSeconds(25).toEpochMilli()))
                    .handshakes())
            .hasSize(10);
      }
      history.finish(List.of());
      assertThat(history.handshakesWritten()).isEqualTo(settled);
      assertThat(history.storedHandshakes(0, Long.MAX_VALUE).handshakes()).hasSize(20);
    }
  }
}
