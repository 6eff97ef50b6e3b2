package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.TlsFixtures.OBSERVED;
import static dev.tcpmap.store.TlsFixtures.tls12;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.testing.Privileged;
import dev.tcpmap.core.testing.Tmpfs;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Real file-system failures under the SQLite handshake store, on a small tmpfs mounted for the
 * test: a full disk and a read-only mount come out as typed {@link StoreException}s naming the
 * file, and a full disk leaves what was stored readable.
 */
@Tag("privileged")
class PrivilegedHandshakeStoreFailureTest {

  private static final int MAX = 1_000_000;

  @TempDir Path dir;

  @BeforeAll
  static void loadSqliteElsewhere() throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("mount");
    // The native library must not be unpacked into the 1 MiB file system this test fills.
    SQLiteJDBCLoader.initialize();
  }

  @Test
  void write_onAFullDisk_isDiskFullAndTheStoreStillAnswers() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("full"), "size=1m")) {
      Path mount = tmpfs.path();
      Path file = mount.resolve("tls.db");
      try (SqliteHandshakeStore store =
          SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
        TlsHandshake first = tls12(0, Optional.of(OBSERVED));
        store.write(List.of(first));
        StoreException failure = fillUntilFailure(store);

        assertThat(failure.kind()).isEqualTo(StoreException.Kind.DISK_FULL);
        assertThat(failure.path()).isEqualTo(file);
        assertThat(failure).hasMessageStartingWith(file + ": writing 500 handshakes failed");
        assertThat(store.query(T0, T0 + 1, 10).handshakes()).containsExactly(first);
      }
    }
  }

  @Test
  void write_afterADiskFullFailure_succeedsOnceThereIsRoom() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("room"), "size=1m")) {
      Path file = tmpfs.path().resolve("tls.db");
      try (SqliteHandshakeStore store =
          SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
        TlsHandshake first = tls12(0, Optional.of(OBSERVED));
        store.write(List.of(first));
        Path filler = tmpfs.fill("filler");
        assertThat(fillUntilFailure(store).kind()).isEqualTo(StoreException.Kind.DISK_FULL);

        Files.delete(filler);
        TlsHandshake second = tls12(1, Optional.of(OBSERVED));
        store.write(List.of(second));

        assertThat(store.query(T0, T0 + 10, 10).handshakes()).containsExactly(second, first);
      }
    }
  }

  @Test
  void open_onAReadOnlyFileSystem_isCantOpenAndLeavesNoFileOpen() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("ro"), "size=4m")) {
      Path mount = tmpfs.path();
      Path file = mount.resolve("tls.db");
      try (SqliteHandshakeStore store =
          SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
        store.write(List.of(tls12(0, Optional.of(OBSERVED))));
      }
      tmpfs.remountReadOnly();

      assertThatThrownBy(() -> SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(StoreException.Kind.CANT_OPEN);
                assertThat(e.path()).isEqualTo(file);
              });
      // A plain unmount fails while a file is open: the failed open left nothing behind.
      tmpfs.unmountStrictly();
    }
  }

  /**
   * Batches of 500 handshakes, each with a new leaf certificate, until a write fails; at most 200
   * batches (about 200 bytes of certificate each: 1 MiB fills within some 10,000).
   */
  private static StoreException fillUntilFailure(SqliteHandshakeStore store) {
    for (int batch = 1; batch <= 200; batch++) {
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
                Optional.of(
                    new CertificateChain(CertificateChain.Source.OBSERVED, List.of(leaf)))));
      }
      try {
        store.write(handshakes);
      } catch (StoreException e) {
        return e;
      }
    }
    throw new AssertionError("1 MiB never filled up");
  }
}
