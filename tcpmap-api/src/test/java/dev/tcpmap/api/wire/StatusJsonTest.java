package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.LiveCounts;
import dev.tcpmap.api.testing.GoldenFiles;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.query.service.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
  private static final Instant STARTED = Instant.parse("2026-11-21T09:00:00.123456789Z");

  private static final Status STATUS =
      new Status(
              "1.2.3",
              STARTED,
              List.of(
                  new SourceStatus("tracer", SourceStatus.State.RUNNING, ""),
                  new SourceStatus("capture", SourceStatus.State.DEGRADED, "eth9: gone")),
              new LiveCounts(
                  Map.of("opened", 12L, "closed", 10L), Map.of("tracer/ring-buffer-full", 3L)),
              2,
              10)
          .with(
              new SourceStatus("kubernetes", SourceStatus.State.FAILED, "forbidden"),
              Map.of("tracer/ring-buffer-full", 1L, "kubernetes/tombstone-dropped", 4L));

  @Test
  void write_matchesGoldenFile() throws Exception {
    GoldenFiles.assertJsonMatches(
        "status.json", StatusJson.write(STATUS, STARTED.plusSeconds(90).plusMillis(999)));
  }

  @Test
  void write_aClockBehindTheStart_isZeroUptime() {
    assertThat(StatusJson.write(STATUS, STARTED.minusSeconds(5)).get("uptimeSeconds").asLong())
        .isZero();
  }
}
