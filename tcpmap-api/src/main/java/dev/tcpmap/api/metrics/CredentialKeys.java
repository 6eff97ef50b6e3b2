package dev.tcpmap.api.metrics;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The four keys that say how tcpmap authenticates to a server it calls and which certificates it
 * trusts there: {@code <prefix>bearer-token-file}, {@code <prefix>username}, {@code
 * <prefix>password-file} and {@code <prefix>ca-file}. Declared once here for each client that has
 * them (remote write, the Prometheus query mode), so that they name, default and check alike.
 */
public record CredentialKeys(
    Setting<String> bearerTokenFile,
    Setting<String> username,
    Setting<String> passwordFile,
    Setting<String> caFile) {

  /** The four keys under {@code prefix}, added to {@code keys} in the order above. */
  static CredentialKeys declare(ConfigArea.Keys keys, String prefix) {
    return new CredentialKeys(
        Setting.of(prefix + "bearer-token-file", "", Parsers::text).in(keys),
        Setting.of(prefix + "username", "", Parsers::text).in(keys),
        Setting.of(prefix + "password-file", "", Parsers::text).in(keys),
        Setting.of(prefix + "ca-file", "", Parsers::text).in(keys));
  }

  /**
   * The credentials the keys give: a bearer token file, or a user with a password file; a CA file.
   * Each file must be readable now.
   *
   * @throws ConfigException naming the keys that do not go together
   */
  ClientCredentials read(Values values) {
    Optional<Path> token = readableFile(values, bearerTokenFile);
    Optional<Path> password = readableFile(values, passwordFile);
    String user = values.get(username);
    if (user.isEmpty() != password.isEmpty()) {
      throw new ConfigException(
          username.key() + " and " + passwordFile.key() + ": basic auth needs both");
    }
    if (token.isPresent() && password.isPresent()) {
      throw new ConfigException(
          bearerTokenFile.key()
              + " and "
              + username.key()
              + ": a bearer token and basic auth exclude each other");
    }
    return new ClientCredentials(
        token,
        password.map(p -> new ClientCredentials.BasicAuth(user, p)),
        readableFile(values, caFile));
  }

  /** The file a key names, which must be readable now (a typo fails at start-up, not later). */
  private static Optional<Path> readableFile(Values values, Setting<String> key) {
    String name = values.get(key);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(name);
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new ConfigException(key.key() + ": not a readable file: " + name);
    }
    return Optional.of(path);
  }
}
