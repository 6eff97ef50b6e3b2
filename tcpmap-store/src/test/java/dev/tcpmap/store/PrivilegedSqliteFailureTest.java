package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.POD;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.Fixtures.WEB_DB;
import static dev.tcpmap.store.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.Privileged;
import dev.tcpmap.core.testing.Tmpfs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Real file-system failures under the SQLite store, on a small tmpfs mounted for the test: a full
 * disk and a read-only mount come out as typed {@link StoreException}s naming the file.
 */
@Tag("privileged")
class PrivilegedSqliteFailureTest {

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
      Path file = mount.resolve("rollups.db");
      try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
        store.write(List.of(opened(T0, WEB_DB, 1)));
        StoreException failure = fillUntilFailure(store);

        assertThat(failure.kind()).isEqualTo(StoreException.Kind.DISK_FULL);
        assertThat(failure.path()).isEqualTo(file);
        assertThat(failure).hasMessageStartingWith(file + ": writing 2000 rollups failed");
        assertThat(store.query(T0, T0 + 1).edges().get(WEB_DB).opened()).isEqualTo(1);
      }
    }
  }

  @Test
  void write_afterADiskFullFailure_succeedsOnceThereIsRoom() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("room"), "size=1m")) {
      Path file = tmpfs.path().resolve("rollups.db");
      try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
        store.write(List.of(opened(T0, WEB_DB, 1)));
        Path filler = tmpfs.fill("filler");
        assertThat(fillUntilFailure(store).kind()).isEqualTo(StoreException.Kind.DISK_FULL);

        java.nio.file.Files.delete(filler);
        store.write(List.of(opened(T0, WEB_DB, 2)));

        assertThat(store.query(T0, T0 + 1).edges().get(WEB_DB).opened()).isEqualTo(3);
      }
    }
  }

  @Test
  void open_onAReadOnlyFileSystem_isCantOpenAndLeavesNoFileOpen() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("ro"), "size=4m")) {
      Path mount = tmpfs.path();
      Path file = mount.resolve("rollups.db");
      try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
        store.write(List.of(opened(T0, WEB_DB, 1)));
      }
      tmpfs.remountReadOnly();

      assertThatThrownBy(() -> SqliteRollupStore.open(file, StoreConfig.DEFAULTS))
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

  /** Batches of 2,000 new edges, one bucket each, until a write fails; at most 500 batches. */
  private static StoreException fillUntilFailure(SqliteRollupStore store) {
    for (int batch = 1; batch <= 500; batch++) {
      List<Rollup> rollups = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        Endpoint server =
            new Endpoint(
                IpAddress.v4(0x0A00_0000 + batch * 2_000 + i), Endpoint.Kind.EXTERNAL, "x" + i, "");
        rollups.add(opened(T0 + batch * 10 * SECOND, new EdgeKey(POD, server, 443), 1));
      }
      try {
        store.write(rollups);
      } catch (StoreException e) {
        return e;
      }
    }
    throw new AssertionError("1 MiB never filled up");
  }
}
