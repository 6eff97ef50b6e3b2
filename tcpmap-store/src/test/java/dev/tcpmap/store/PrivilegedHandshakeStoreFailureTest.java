package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.TlsFixtures.OBSERVED;
import static dev.tcpmap.store.TlsFixtures.tls12;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link StoreFailureContract} on the handshake store. */
class PrivilegedHandshakeStoreFailureTest extends StoreFailureContract<SqliteHandshakeStore> {

  private static final int MAX = 1_000_000;

  @Override
  String fileName() {
    return "tls.db";
  }

  @Override
  SqliteHandshakeStore open(Path file) {
    return SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX);
  }

  @Override
  void write(SqliteHandshakeStore store, int n) {
    store.write(List.of(tls12(n, Optional.of(OBSERVED))));
  }

  @Override
  void assertHolds(SqliteHandshakeStore store, int n) {
    List<TlsHandshake> newestFirst = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      newestFirst.add(tls12(i, Optional.of(OBSERVED)));
    }
    assertThat(store.query(T0, T0 + 10, 10).handshakes()).containsExactlyElementsOf(newestFirst);
  }

  /**
   * 500 handshakes, each with a new leaf certificate (about 200 bytes of certificate each: 1 MiB
   * fills within some 10,000).
   */
  @Override
  void writeBatch(SqliteHandshakeStore store, int batch) {
    List<TlsHandshake> handshakes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Certificate leaf =
          new Certificate(
              "CN=host-" + batch + "-" + i + ".example",
              "CN=Test Issuing CA,O=tcpmap",
              List.of("host-" + batch + "-" + i + ".example"),
              Instant.parse("2023-11-01T00:00:00Z"),
              Instant.parse("2024-02-01T00:00:00Z"),
              Integer.toHexString(batch * 1_000 + i));
      handshakes.add(
          tls12(
              batch * SECOND + i,
              Optional.of(new CertificateChain(CertificateChain.Source.OBSERVED, List.of(leaf)))));
    }
    store.write(handshakes);
  }

  @Override
  int batches() {
    return 200;
  }

  @Override
  String batchFailure() {
    return "writing 500 handshakes failed";
  }
}
