package dev.tcpmap.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kubeconfig files for tests: one cluster, one token, TLS not verified (the mock's certificate).
 */
final class Kubeconfigs {
  private Kubeconfigs() {}

  static Path write(Path file, String serverUrl) throws IOException {
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: test
          user:
            token: test
        contexts:
        - name: mock
          context:
            cluster: mock
            user: test
            namespace: default
        current-context: mock
        """
            .formatted(serverUrl));
    return file;
  }
}
