package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.api.http.AccessConfig;
import dev.tcpmap.api.testing.TestCertificates;
import dev.tcpmap.core.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API over TLS with certificates and keys made by openssl, in each encoding a Kubernetes TLS
 * Secret may hold, answered to a real HTTPS client that verifies the server as browsers do.
 */
class TlsApiTest {
  @TempDir Path dir;

  /** A key's algorithm and encoding. */
  record KeyKind(String name, String newKey, boolean traditional) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<KeyKind> keyKinds() {
    return Stream.of(
        new KeyKind("RSA, PKCS#8", "rsa:2048", false),
        new KeyKind("RSA, PKCS#1", "rsa:2048", true),
        new KeyKind("EC P-256, PKCS#8", "ec", false),
        new KeyKind("EC P-256, SEC1", "ec", true));
  }

  private static ApiServer serve(Path certificate, Path key) {
    return TestServers.start(
        AccessConfig.DEFAULTS.withTls(
            new AccessConfig.TlsFiles(certificate, key, Optional.empty())));
  }

  private static HttpResponse<String> httpsGet(ApiServer server, Path trusted, String path)
      throws IOException, InterruptedException {
    try (HttpClient client =
        HttpClient.newBuilder().sslContext(TestCertificates.trusting(trusted)).build()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @ParameterizedTest
  @MethodSource("keyKinds")
  void everyKeyEncoding_servesHttps(KeyKind kind) throws Exception {
    TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "api", kind.newKey());
    Path key = kind.traditional() ? TestCertificates.traditional(pair) : pair.key();
    assertThat(Files.readString(key))
        .startsWith(
            kind.traditional()
                ? kind.newKey().equals("ec") ? "-----BEGIN EC PRIVATE KEY" : "-----BEGIN RSA"
                : "-----BEGIN PRIVATE KEY");

    try (ApiServer server = serve(pair.certificate(), key)) {
      HttpResponse<String> response = httpsGet(server, pair.certificate(), "/api/v1/graph");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"nodes\"");
    }
  }

  @Test
  void anotherCertificate_isNotTrustedByAVerifyingClient() throws Exception {
    TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "api");
    TestCertificates.Pair other = TestCertificates.selfSigned(dir, "other");

    try (ApiServer server = serve(pair.certificate(), pair.key())) {
      assertThatThrownBy(() -> httpsGet(server, other.certificate(), "/api/v1/graph"))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void plainHttpToTheTlsPort_isNotAnswered() throws Exception {
    TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "api");

    try (ApiServer server = serve(pair.certificate(), pair.key());
        java.net.Socket socket = RawHttp.connect(server.port(), java.time.Duration.ofSeconds(10))) {
      socket
          .getOutputStream()
          .write(
              "GET /api/v1/graph HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      // A TLS alert at most, then the end: no HTTP answer, no data.
      byte[] answer = socket.getInputStream().readAllBytes();

      assertThat(new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain("HTTP/", "nodes");
      assertThat(answer.length).isLessThan(64);
    }
  }

  @Test
  void mismatchedKey_isAOneLineConfigError() {
    TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "api");
    TestCertificates.Pair other = TestCertificates.selfSigned(dir, "other", "ec");

    assertThatThrownBy(() -> serve(pair.certificate(), other.key()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("api.tls-key-file: " + other.key() + ": not a RSA private key")
        .message()
        .doesNotContain("\n");
    TestCertificates.Pair rsa = TestCertificates.selfSigned(dir, "rsa");
    assertThatThrownBy(() -> serve(pair.certificate(), rsa.key()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "api.tls-key-file: "
                + rsa.key()
                + ": the private key is not the certificate's ("
                + pair.certificate()
                + ", CN=api)");
  }

  @Test
  void filesThatAreNotPem_areOneLineConfigErrors() throws IOException {
    TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "api");
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    Path encrypted = dir.resolve("encrypted.key");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

    assertThatThrownBy(() -> serve(text, pair.key()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("api.tls-cert-file: " + text + ": ");
    assertThatThrownBy(() -> serve(pair.certificate(), text))
        .isInstanceOf(ConfigException.class)
        .hasMessage("api.tls-key-file: " + text + ": no PEM private key in it");
    assertThatThrownBy(() -> serve(pair.certificate(), encrypted))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the private key is encrypted");
    assertThatThrownBy(() -> serve(pair.certificate(), dir.resolve("absent.key")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "api.tls-key-file: " + dir.resolve("absent.key") + ": cannot read it: no such file");
  }
}
