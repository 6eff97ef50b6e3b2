package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.api.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code api.token-file} and {@code api.tls-*} through the command line: a bad file is one line and
 * exit code 2 before the capture is analyzed; good files serve HTTPS with the token.
 */
class ApiAccessWiringTest {
  @TempDir Path dir;

  private CliRun serve(Map<String, String> environment) throws IOException {
    return CliRun.serveDemo(environment, dir);
  }

  private static void assertOneLineError(CliRun run, String start) {
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).startsWith("tcpmap: " + start).endsWith("\n");
    assertThat(run.err.strip()).doesNotContain("\n");
    assertThat(run.out).as("nothing analyzed").isEmpty();
    assertThat(run.servers).isEmpty();
  }

  @Test
  void mismatchedKey_isOneLineAndExitCode2() throws IOException {
    TestCertificates.Pair api = TestCertificates.selfSigned(dir, "api");
    TestCertificates.Pair other = TestCertificates.selfSigned(dir, "other");

    CliRun run =
        serve(
            Map.of(
                "TCPMAP_API_TLS_CERT_FILE", api.certificate().toString(),
                "TCPMAP_API_TLS_KEY_FILE", other.key().toString()));

    assertOneLineError(
        run, "api.tls-key-file: " + other.key() + ": the private key is not the certificate's");
  }

  @Test
  void certificateWithoutKey_isOneLineAndExitCode2() throws IOException {
    TestCertificates.Pair api = TestCertificates.selfSigned(dir, "api");

    CliRun run = serve(Map.of("TCPMAP_API_TLS_CERT_FILE", api.certificate().toString()));

    assertOneLineError(run, "api.tls-cert-file and api.tls-key-file are set together");
  }

  @Test
  void emptyTokenFile_isOneLineAndExitCode2() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "");

    CliRun run = serve(Map.of("TCPMAP_API_TOKEN_FILE", token.toString()));

    assertOneLineError(run, "api.token-file: " + token + ": empty, no token in it");
  }

  @Test
  void tlsAndToken_serveHttpsWithTheToken() throws Exception {
    TestCertificates.Pair api = TestCertificates.selfSigned(dir, "api", "ec");
    Path token = Files.writeString(dir.resolve("token"), "t0ken\n");

    CliRun run =
        serve(
            Map.of(
                "TCPMAP_API_TLS_CERT_FILE", api.certificate().toString(),
                "TCPMAP_API_TLS_KEY_FILE", TestCertificates.traditional(api).toString(),
                "TCPMAP_API_TOKEN_FILE", token.toString()));
    try (HttpClient client =
        HttpClient.newBuilder().sslContext(TestCertificates.trusting(api.certificate())).build()) {
      assertThat(run.exitCode).as(run.err).isZero();
      assertThat(run.out).contains("serving on https://127.0.0.1:");
      URI uri = URI.create("https://127.0.0.1:" + run.server().port() + "/api/v1/connections");

      HttpResponse<String> without =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> with =
          client.send(
              HttpRequest.newBuilder(uri).header("Authorization", "Bearer t0ken").build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(with.statusCode()).isEqualTo(200);
      assertThat(with.body()).contains("\"connections\"");
    } finally {
      run.closeServers();
    }
  }
}
