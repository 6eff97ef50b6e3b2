package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.ebpf.FakeSocketSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names.* settings as the commands read them: bad ones stop at start-up in one line. */
class AddressNamesWiringTest {
  @Test
  void analyzeServe_missingGeoIpDatabase_oneLineExit2(@TempDir Path dir) throws Exception {
    Path capture = CliRun.demoCapture(dir);
    Path missing = dir.resolve("GeoLite2-City.mmdb");

    CliRun run =
        CliRun.run(
            Map.of("K8S_PACKET_REVERSE_GEOIP2_DB_PATH", missing.toString()),
            "analyze",
            "--serve",
            "--port",
            "0",
            "--no-progress",
            capture.toString());

    assertThat(run.exitCode).isEqualTo(Main.USER_ERROR);
    assertThat(run.err)
        .contains(
            "using k8spacket setting K8S_PACKET_REVERSE_GEOIP2_DB_PATH -> names.geoip-database")
        .contains("tcpmap: names.geoip-database: no such file: " + missing + "\n")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(run.servers).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "TCPMAP_NAMES_DNS_SERVER|[::1:53|names.dns-server: no closing ]: [::1:53",
        "TCPMAP_NAMES_DNS_SERVER|resolver:99999|names.dns-server: port out of range: 99999",
        "TCPMAP_NAMES_WHOIS_SERVER|whois:x|names.whois-server: "
      })
  void analyzeServe_badServerSetting_isOneLineNamingTheKey(
      String variable, String value, String message, @TempDir Path dir) throws Exception {
    Path capture = CliRun.demoCapture(dir);
    Map<String, String> env =
        variable.equals("TCPMAP_NAMES_WHOIS_SERVER")
            ? Map.of(variable, value, "TCPMAP_NAMES_WHOIS_REGEXP", "OrgName:\\s*(.*)")
            : Map.of(variable, value, "TCPMAP_NAMES_REVERSE_DNS", "true"); // CliRun turns it off

    CliRun run =
        CliRun.run(env, "analyze", "--serve", "--port", "0", "--no-progress", capture.toString());

    assertThat(run.exitCode).isEqualTo(Main.USER_ERROR);
    assertThat(run.err).contains("tcpmap: " + message).doesNotContain("internal error");
    assertThat(run.servers).isEmpty();
  }

  @Test
  void agent_whoisRegexWithoutGroup_rejectedNamingTheKey() {
    CliRun run = CliRun.run(Map.of("K8S_PACKET_REVERSE_WHOIS_REGEXP", "OrgName:.*"), "agent");

    assertThat(run.exitCode).isEqualTo(Main.USER_ERROR);
    assertThat(run.err)
        .contains("names.whois-regexp (from K8S_PACKET_REVERSE_WHOIS_REGEXP): needs a group");
  }

  @Test
  void analyzeText_namesOn_staysOfflineAndAnswersByIp(@TempDir Path dir) throws Exception {
    Path capture = CliRun.demoCapture(dir);

    // A DNS server nothing listens on: analyze's text output must not wait for it, or change.
    CliRun run =
        CliRun.run(
            Map.of("TCPMAP_NAMES_REVERSE_DNS", "true", "TCPMAP_NAMES_DNS_SERVER", "127.0.0.1:9"),
            "analyze",
            "--no-progress",
            capture.toString());
    CliRun off = CliRun.run("analyze", "--no-progress", capture.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.out).isEqualTo(off.out);
  }

  @Test
  void agent_namesOn_statusAndMetricsShowTheService() throws Exception {
    FakeSocketSource source = new FakeSocketSource();
    // No external address is seen, so the server (where nothing listens) is never asked.
    CliRun run =
        CliRun.run(
            Map.of("TCPMAP_NAMES_REVERSE_DNS", "true", "TCPMAP_NAMES_DNS_SERVER", "127.0.0.1:9"),
            config -> source,
            "agent",
            "--port",
            "0");
    try {
      assertThat(run.exitCode).isZero();
      JsonNode status = ApiPolls.json(run.servers.getFirst(), "/api/v1/status");
      JsonNode names = ApiPolls.source(status, "address-names");

      assertThat(names).isNotNull();
      assertThat(names.get("state").asText()).isEqualTo("running");
      assertThat(names.get("message").asText())
          .startsWith("reverse DNS via 127.0.0.1:9; 0 addresses cached, 0 waiting");
      assertThat(CliRun.get(run.servers.getFirst(), "/metrics").body())
          .contains("tcpmap_address_lookups_dropped_total 0.0");
    } finally {
      run.closeServers();
    }
  }
}
