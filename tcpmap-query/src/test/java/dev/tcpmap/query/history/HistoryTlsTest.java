package dev.tcpmap.query.history;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.aggregate.history.Histories;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.core.config.Settings;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A window's handshakes: those the history wrote and the newer ones only live, each once. */
class HistoryTlsTest {
  @TempDir Path dir;

  private History open(String dataDir) {
    return Histories.open(
        Settings.load(Map.of("store.data-dir", dataDir), Map.of()).config(),
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
      Snapshot snapshot = new Snapshot(List.of(), Map.of(), T0.plusSeconds(60), live, List.of());
      HistoryTls tls = new HistoryTls(history, () -> snapshot);
      // Hand over the first 20 s, as the agent does once they settled.
      Instant settled = T0.plusSeconds(20);
      history.keepHandshakes(live.stream().filter(h -> h.at().isBefore(settled)).toList(), settled);

      for (int round = 0; round < 50; round++) {
        assertThat(tls.apply(TimeRange.ALL).handshakes()).hasSize(30);
        assertThat(
                tls.apply(
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
