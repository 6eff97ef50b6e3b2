package dev.tcpmap.enrich;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an address is, from a MaxMind City database (GeoLite2-City or GeoIP2-City, as k8spacket's
 * {@code K8S_PACKET_REVERSE_GEOIP2_DB_PATH}): {@code SE, Linköping}, or {@code SE} without a city.
 * The file is memory-mapped once; a lookup is a tree walk in memory, so it has no timeout of its
 * own. Thread-safe (MaxMind's reader is).
 */
final class GeoIp implements AutoCloseable {
  private final DatabaseReader reader;

  private GeoIp(DatabaseReader reader) {
    this.reader = reader;
  }

  /**
   * Opens the City database at {@code path}.
   *
   * @throws ConfigException naming the setting when the file is missing, unreadable or not a City
   *     database (a start-up error, exit 2)
   */
  static GeoIp open(Path path) {
    String key = NamesSettings.GEOIP_DATABASE.key();
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(key + ": no such file: " + path);
    }
    try {
      DatabaseReader reader = new DatabaseReader.Builder(path.toFile()).build();
      String type = reader.metadata().databaseType();
      if (!type.contains("City")) {
        reader.close();
        throw new ConfigException(key + ": not a City database (" + type + "): " + path);
      }
      return new GeoIp(reader);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException(key + ": cannot read " + path + ": " + e.getMessage());
    }
  }

  /**
   * {@code CC, City} for {@code address}, {@code CC} when the database knows no city; empty when it
   * knows neither.
   *
   * @throws IOException when the database is corrupt at this address
   */
  Optional<String> place(IpAddress address) throws IOException {
    Optional<CityResponse> found;
    try {
      found = reader.tryCity(InetAddress.getByAddress(address.bytes()));
    } catch (GeoIp2Exception e) {
      throw new IOException("GeoIP: " + e.getMessage(), e);
    }
    if (found.isEmpty() || found.get().country() == null) {
      return Optional.empty();
    }
    String country = found.get().country().isoCode();
    String city = found.get().city() == null ? null : found.get().city().names().get("en");
    if (country == null || country.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(city == null || city.isEmpty() ? country : country + ", " + city);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
