package dev.tcpmap.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialKeysTest {
  @TempDir Path dir;

  private static ClientCredentials load(Map<String, String> options) {
    ConfigArea.Keys keys = new ConfigArea.Keys();
    CredentialKeys credentials = CredentialKeys.declare(keys, "test.");
    ConfigArea<ClientCredentials> area = keys.area(credentials::read);
    return Configuration.load(List.of(area), options, Map.of()).get(area);
  }

  @Test
  void declare_namesTheFourKeysUnderThePrefix_inOrder() {
    ConfigArea.Keys keys = new ConfigArea.Keys();
    CredentialKeys.declare(keys, "metrics.remote-write-");
    assertThat(keys.area(values -> 0).settings())
        .extracting(Setting::key)
        .containsExactly(
            "metrics.remote-write-bearer-token-file",
            "metrics.remote-write-username",
            "metrics.remote-write-password-file",
            "metrics.remote-write-ca-file");
  }

  @Test
  void read_nothingSet_isNoCredentials() {
    assertThat(load(Map.of())).isEqualTo(ClientCredentials.NONE);
  }

  @Test
  void read_userWithPasswordFile_andCaFile() throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "pw");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "");
    ClientCredentials credentials =
        load(
            Map.of(
                "test.username", "agent",
                "test.password-file", password.toString(),
                "test.ca-file", ca.toString()));
    assertThat(credentials)
        .isEqualTo(
            new ClientCredentials(
                Optional.empty(),
                Optional.of(new ClientCredentials.BasicAuth("agent", password)),
                Optional.of(ca)));
  }

  @Test
  void read_keysThatDoNotGoTogether_areRejectedByName() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "t");
    Path password = Files.writeString(dir.resolve("password"), "pw");
    assertThatThrownBy(() -> load(Map.of("test.username", "agent")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.username and test.password-file: basic auth needs both");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "test.bearer-token-file", token.toString(),
                        "test.username", "agent",
                        "test.password-file", password.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "test.bearer-token-file and test.username: a bearer token and basic auth exclude each"
                + " other");
  }

  @Test
  void read_aFileThatCannotBeRead_isRejectedAtStartUp() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> load(Map.of("test.ca-file", missing.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.ca-file: not a readable file: " + missing);
    assertThatThrownBy(() -> load(Map.of("test.bearer-token-file", dir.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.bearer-token-file: not a readable file: " + dir);
  }
}
