package dev.tcpmap.server.cli;

import static dev.tcpmap.server.cli.UiBrowser.andWait;
import static dev.tcpmap.server.cli.UiBrowser.graph;
import static dev.tcpmap.server.cli.UiBrowser.open;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in Debian's Chromium against {@code tcpmap query --prometheus URL} over a real
 * Prometheus (Debian's, with no series yet): the series know workloads and namespaces but no pods,
 * so the page offers only those two levels, opens on the workload graph instead of the pod graph
 * this server answers 501 for, and its grouping key cycles through the two.
 */
class WebUiQueryModeTest {
  @TempDir Path work;

  @Test
  void queryMode_offersOnlyTheLevelsTheSeriesKnow() throws Exception {
    try (PrometheusProcess prometheus =
            PrometheusProcess.start(work.resolve("prometheus"), List.of());
        UiBrowser browser = new UiBrowser()) {
      CliRun query = CliRun.run(Map.of(), "query", "--prometheus", prometheus.url(), "--port", "0");
      try {
        String base = "http://127.0.0.1:" + query.server().port();
        assertThat(CliRun.get(query.server(), "/api/v1/about").body())
            .contains("\"groups\":[\"workload\",\"namespace\"]");
        Page page = browser.page();
        open(page, base + "/?group=pod");

        assertThat(graph(page).get("group").asText()).isEqualTo("workload");
        assertThat(page.url()).contains("group=workload");
        assertThat(page.locator("#group option[value=pod]").evaluate("o => o.disabled"))
            .isEqualTo(true);
        assertThat(page.locator("#group option[value=workload]").evaluate("o => o.disabled"))
            .isEqualTo(false);
        assertThat(page.locator("body").getAttribute("data-state")).isEqualTo("empty");
        andWait(page, () -> page.keyboard().press("g"));
        assertThat(graph(page).get("group").asText()).isEqualTo("namespace");
        andWait(page, () -> page.keyboard().press("g"));
        assertThat(graph(page).get("group").asText()).isEqualTo("workload");
        browser.closePages();
        browser.assertNoConsoleErrors();
      } finally {
        query.closeServers();
      }
    }
  }
}
