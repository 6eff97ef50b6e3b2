package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.POD;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.Fixtures.WEB_DB;
import static dev.tcpmap.store.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.aggregate.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.Privileged;
import java.io.IOException;
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
    Path mount = dir.resolve("full");
    mountTmpfs(mount, "size=1m");
    try {
      Path file = mount.resolve("rollups.db");
      try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
        store.write(List.of(opened(T0, WEB_DB, 1)));
        StoreException failure = fillUntilFailure(store);

        assertThat(failure.kind()).isEqualTo(StoreException.Kind.DISK_FULL);
        assertThat(failure.path()).isEqualTo(file);
        assertThat(failure).hasMessageStartingWith(file + ": writing 2000 rollups failed");
        assertThat(store.query(T0, T0 + 1).edges().get(WEB_DB).opened()).isEqualTo(1);
      }
    } finally {
      unmount(mount);
    }
  }

  @Test
  void open_onAReadOnlyFileSystem_isCantOpenAndLeavesNoFileOpen() throws Exception {
    Path mount = dir.resolve("ro");
    mountTmpfs(mount, "size=4m");
    try {
      Path file = mount.resolve("rollups.db");
      try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
        store.write(List.of(opened(T0, WEB_DB, 1)));
      }
      run("mount", "-o", "remount,ro", mount.toString());

      assertThatThrownBy(() -> SqliteRollupStore.open(file, StoreConfig.DEFAULTS))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(StoreException.Kind.CANT_OPEN);
                assertThat(e.path()).isEqualTo(file);
              });
      // A plain unmount fails while a file is open: the failed open left nothing behind.
      run("umount", mount.toString());
    } finally {
      unmount(mount);
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

  private static void mountTmpfs(Path mount, String options)
      throws IOException, InterruptedException {
    java.nio.file.Files.createDirectories(mount);
    run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mount.toString());
  }

  /** Lazily, so that a test failing with a file still open leaves no mount behind. */
  private static void unmount(Path mount) throws IOException, InterruptedException {
    if (java.nio.file.Files.readString(Path.of("/proc/self/mounts")).contains(" " + mount + " ")) {
      run("umount", "--lazy", mount.toString());
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
