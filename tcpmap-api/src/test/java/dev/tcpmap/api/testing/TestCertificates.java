package dev.tcpmap.api.testing;

import dev.tcpmap.api.http.ClientCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Real certificates and keys, made by Debian's {@code openssl} (run-tests installs it) in a test's
 * directory: PEM files as a Kubernetes TLS Secret holds them.
 */
public final class TestCertificates {
  /** A certificate file and its private key's file. */
  public record Pair(Path certificate, Path key) {}

  private TestCertificates() {}

  /** A self-signed RSA certificate for {@code name} with a PKCS#8 key. */
  public static Pair selfSigned(Path dir, String name) {
    return selfSigned(dir, name, "rsa:2048");
  }

  /**
   * A self-signed certificate for {@code name} (also naming 127.0.0.1) with a PKCS#8 key of {@code
   * newKey} ({@code rsa:2048}, {@code ec}: P-256).
   */
  public static Pair selfSigned(Path dir, String name, String newKey) {
    Pair pair = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    List<String> command =
        new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", newKey, "-nodes"));
    if (newKey.equals("ec")) {
      command.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
    }
    command.addAll(
        List.of(
            "-keyout",
            pair.key().toString(),
            "-out",
            pair.certificate().toString(),
            "-days",
            "2",
            "-subj",
            "/CN=" + name,
            "-addext",
            "subjectAltName=DNS:" + name + ",IP:127.0.0.1"));
    openssl(command);
    return pair;
  }

  /**
   * A certificate for {@code name} issued by {@code ca}, naming {@code subjectAltName} (openssl's
   * syntax: {@code IP:127.0.0.1}), with a PKCS#8 EC P-256 key.
   */
  public static Pair issued(Path dir, String name, Pair ca, String subjectAltName) {
    Path extensions = dir.resolve(name + ".ext");
    try {
      Files.writeString(extensions, "subjectAltName=" + subjectAltName + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pair pair = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    Path request = dir.resolve(name + ".csr");
    openssl(
        List.of(
            "openssl",
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            pair.key().toString(),
            "-out",
            request.toString(),
            "-subj",
            "/CN=" + name));
    openssl(
        List.of(
            "openssl",
            "x509",
            "-req",
            "-in",
            request.toString(),
            "-CA",
            ca.certificate().toString(),
            "-CAkey",
            ca.key().toString(),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            extensions.toString(),
            "-out",
            pair.certificate().toString()));
    return pair;
  }

  /**
   * The key in its traditional encoding, as cert-manager writes it by default: PKCS#1 ({@code RSA
   * PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}).
   */
  public static Path traditional(Pair pair) {
    Path key = pair.key().resolveSibling(pair.key().getFileName() + ".traditional");
    openssl(
        List.of(
            "openssl",
            "pkey",
            "-in",
            pair.key().toString(),
            "-out",
            key.toString(),
            "-traditional"));
    return key;
  }

  /** A client context trusting {@code certificate} alone (host names verified as usual). */
  public static SSLContext trusting(Path certificate) {
    try {
      return ClientCredentials.trusting(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void openssl(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("openssl (Debian openssl) is needed by this test", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
