package dev.tcpmap.api;

import static dev.tcpmap.api.ApiFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.api.http.AccessConfig;
import dev.tcpmap.core.config.ConfigException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bearer token of {@code api.token-file}, over real requests: required, accepted, rotated as a
 * Kubernetes Secret is, and kept when the file goes bad.
 */
class TokenApiTest {
  private static final String TOKEN = "s3cret-token_v1";

  @TempDir Path dir;

  /** A server reading the token at every request (production: at most once a second). */
  private ApiServer server(Path file) {
    return TestServers.start(AccessConfig.DEFAULTS.withTokenFile(file, Duration.ZERO));
  }

  private Path tokenFile(String text) throws IOException {
    return Files.writeString(dir.resolve("token"), text, StandardCharsets.US_ASCII);
  }

  private static int status(ApiServer server, String path, String token) {
    return token == null
        ? get(server, path).statusCode()
        : get(server, path, "Authorization", "Bearer " + token).statusCode();
  }

  @Test
  void noOrWrongToken_is401WithAChallenge() throws IOException {
    try (ApiServer server = server(tokenFile(TOKEN + "\n"))) {
      HttpResponse<byte[]> none = get(server, "/api/v1/graph");
      HttpResponse<byte[]> wrong = get(server, "/api/v1/graph", "Authorization", "Bearer nope");
      HttpResponse<byte[]> basic = get(server, "/api/v1/graph", "Authorization", "Basic " + TOKEN);

      for (HttpResponse<byte[]> response : java.util.List.of(none, wrong, basic)) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
            .isEqualTo("{\"error\":\"this API needs its token: Authorization: Bearer <token>\"}");
      }
      assertThat(status(server, "/api/v1/graph", TOKEN + "x")).isEqualTo(401);
      assertThat(status(server, "/api/v1/graph", TOKEN.substring(1))).isEqualTo(401);
    }
  }

  @Test
  void rightToken_isServedOnEveryEndpoint() throws IOException {
    try (ApiServer server = server(tokenFile(TOKEN + "\n"))) {
      for (String path :
          new String[] {
            "/api/v1/graph", "/nodegraph/api/health", "/metrics", "/api/v1/peer/edges"
          }) {
        assertThat(status(server, path, TOKEN)).as(path).isEqualTo(200);
        assertThat(status(server, path, null)).as(path).isEqualTo(401);
      }
      assertThat(get(server, "/api/v1/graph", "Authorization", "bearer " + TOKEN).statusCode())
          .as("the scheme is case-insensitive (RFC 9110 §11.1)")
          .isEqualTo(200);
    }
  }

  @Test
  void probes_needNoToken() throws IOException {
    try (ApiServer server = server(tokenFile(TOKEN))) {
      assertThat(status(server, "/healthz", null)).isEqualTo(200);
      assertThat(status(server, "/readyz", null)).isEqualTo(200);
      assertThat(status(server, "/healthz/x", null)).isEqualTo(401);
    }
  }

  @Test
  void rotatedAsKubernetesDoes_newTokenWorksOldIsRefused() throws IOException {
    Path file = tokenFile(TOKEN);
    try (ApiServer server = server(file)) {
      assertThat(status(server, "/api/v1/graph", TOKEN)).isEqualTo(200);

      // The kubelet writes the new Secret beside the old one and swaps the name atomically.
      Path next = Files.writeString(dir.resolve("token.next"), "rotated-v2\n");
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

      assertThat(status(server, "/api/v1/graph", "rotated-v2")).isEqualTo(200);
      assertThat(status(server, "/api/v1/graph", TOKEN)).isEqualTo(401);
    }
  }

  @Test
  void rewrittenInPlace_sameSize_newTokenWorks() throws IOException {
    Path file = tokenFile("aaaa-1");
    try (ApiServer server = server(file)) {
      assertThat(status(server, "/api/v1/graph", "aaaa-1")).isEqualTo(200);

      Files.writeString(file, "bbbb-2");

      assertThat(status(server, "/api/v1/graph", "bbbb-2")).isEqualTo(200);
      assertThat(status(server, "/api/v1/graph", "aaaa-1")).isEqualTo(401);
    }
  }

  @Test
  void fileGoneBadAtRuntime_keepsTheLastTokenAndCountsIt() throws IOException {
    Path file = tokenFile(TOKEN);
    try (ApiServer server = server(file)) {
      Files.writeString(file, "\n");
      assertThat(status(server, "/api/v1/graph", TOKEN)).isEqualTo(200);
      Files.delete(file);
      assertThat(status(server, "/api/v1/graph", TOKEN)).isEqualTo(200);
      assertThat(status(server, "/api/v1/graph", TOKEN)).isEqualTo(200);
      assertThat(status(server, "/api/v1/graph", null)).isEqualTo(401);

      String metrics =
          new String(
              get(server, "/metrics", "Authorization", "Bearer " + TOKEN).body(),
              StandardCharsets.UTF_8);
      // Once per bad version of the file (empty, then gone), not per request.
      assertThat(metrics).contains("tcpmap_api_token_reloads_total{result=\"failed\"} 2.0");
      assertThat(metrics).contains("tcpmap_api_refused_total{reason=\"token\"} 1.0");
    }
  }

  @Test
  void emptyOrMissingFileAtStart_isAOneLineConfigError() throws IOException {
    Path empty = tokenFile(" \n");
    Path missing = dir.resolve("absent");

    assertThatThrownBy(() -> server(empty))
        .isInstanceOf(ConfigException.class)
        .hasMessage("api.token-file: " + empty + ": empty, no token in it");
    assertThatThrownBy(() -> server(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("api.token-file: " + missing + ": cannot read it: no such file");
  }

  @Test
  void aTokenWithSpaces_isRefusedAtStart() throws IOException {
    Path file = tokenFile("two words");

    assertThatThrownBy(() -> server(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a bearer token");
  }
}
