package dev.tcpmap.api.http;

import dev.tcpmap.core.model.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How tcpmap proves who it is to a server it calls (a remote-write receiver, a Prometheus API) and
 * which certificates it trusts there. Files are read at each request, so that rotated secrets are
 * picked up without a restart.
 *
 * @param bearerTokenFile holds the token, or empty
 * @param basicAuth user and password file, or empty
 * @param caFile PEM certificates that verify the server's, instead of the JDK's, or empty
 */
public record ClientCredentials(
    Optional<Path> bearerTokenFile, Optional<BasicAuth> basicAuth, Optional<Path> caFile) {

  /** No authentication, the JDK's trusted certificates. */
  public static final ClientCredentials NONE =
      new ClientCredentials(Optional.empty(), Optional.empty(), Optional.empty());

  /** HTTP basic authentication; the password is read from its file at each request. */
  public record BasicAuth(String username, Path passwordFile) {
    public BasicAuth {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(passwordFile, "passwordFile");
    }
  }

  public ClientCredentials {
    Checks.nonNull("bearerTokenFile basicAuth caFile", bearerTokenFile, basicAuth, caFile);
    if (bearerTokenFile.isPresent() && basicAuth.isPresent()) {
      throw new IllegalArgumentException("a bearer token and basic auth exclude each other");
    }
  }

  /**
   * A client that trusts {@link #caFile} (or the JDK's certificates), connects within {@code
   * connectTimeout} and follows no redirect (credentials must not travel elsewhere).
   *
   * @throws IllegalArgumentException when the CA file holds no certificate or cannot be read
   */
  public HttpClient client(Duration connectTimeout) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (caFile.isPresent()) {
      try {
        builder.sslContext(trusting(caFile.get()));
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalArgumentException(
            "cannot read the CA certificates of " + caFile.get() + ": " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  /**
   * Adds the {@code Authorization} header, read from its files now.
   *
   * @throws IOException when a file cannot be read
   */
  public HttpRequest.Builder authorize(HttpRequest.Builder request) throws IOException {
    if (bearerTokenFile.isPresent()) {
      String token = Files.readString(bearerTokenFile.get(), StandardCharsets.UTF_8).strip();
      return request.header("Authorization", "Bearer " + token);
    }
    if (basicAuth.isPresent()) {
      BasicAuth auth = basicAuth.get();
      String password = Files.readString(auth.passwordFile(), StandardCharsets.UTF_8).strip();
      String pair = auth.username() + ":" + password;
      return request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return request;
  }

  /**
   * A TLS context trusting the certificates of the PEM file {@code pem} alone (host names verified
   * as usual).
   *
   * @throws GeneralSecurityException when the file holds no certificate
   */
  public static SSLContext trusting(Path pem) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new GeneralSecurityException("no certificate in the file");
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
