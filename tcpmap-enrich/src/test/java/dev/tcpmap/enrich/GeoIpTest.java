package dev.tcpmap.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.Privileged;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpTest {
  /**
   * Writes the test City database with MaxMind's own writer (libmaxmind-db-writer-perl) into {@code
   * dir}: 198.51.100.0/24 and 2001:db8:5e::/48 are SE, Linköping; 203.0.113.0/24 is US only.
   */
  static Path cityDatabase(Path dir) throws IOException, InterruptedException {
    Privileged.requireCommand("perl");
    Path script = dir.resolve("write-city-mmdb.pl");
    try (InputStream in =
        GeoIpTest.class.getResourceAsStream("/dev/tcpmap/enrich/write-city-mmdb.pl")) {
      Files.copy(in, script);
    }
    Path database = dir.resolve("city.mmdb");
    Process perl =
        new ProcessBuilder("perl", script.toString(), database.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(perl.getInputStream().readAllBytes());
    int code = perl.waitFor();
    if (code != 0 && output.contains("Can't locate MaxMind")) {
      Privileged.requireCommand("no-libmaxmind-db-writer-perl"); // skips, or fails in CI
    }
    assertThat(code).as("perl: %s", output).isZero();
    return database;
  }

  @Test
  void place_cityAndCountry_ipv4AndIpv6(@TempDir Path dir) throws Exception {
    try (GeoIp geoIp = GeoIp.open(cityDatabase(dir))) {
      assertThat(geoIp.place(IpAddress.parse("198.51.100.7"))).contains("SE, Linköping");
      assertThat(geoIp.place(IpAddress.parse("2001:db8:5e::7"))).contains("SE, Linköping");
      assertThat(geoIp.place(IpAddress.parse("203.0.113.5"))).contains("US");
      assertThat(geoIp.place(IpAddress.parse("192.0.2.1"))).isEmpty();
    }
  }

  @Test
  void open_missingFile_isAConfigErrorNamingTheSetting(@TempDir Path dir) {
    assertThatThrownBy(() -> GeoIp.open(dir.resolve("nope.mmdb")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("names.geoip-database: no such file: " + dir.resolve("nope.mmdb"));
  }

  @Test
  void open_notADatabase_isAConfigErrorNamingTheSetting(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a MaxMind database");

    assertThatThrownBy(() -> GeoIp.open(junk))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("names.geoip-database: cannot read " + junk + ": ");
  }
}
