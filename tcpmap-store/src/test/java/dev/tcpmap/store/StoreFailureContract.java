package dev.tcpmap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Real file-system failures under an SQLite store, on a small tmpfs mounted for the test: a full
 * disk and a read-only mount come out as typed {@link StoreException}s naming the file, and a full
 * disk leaves what was stored readable. Run for each store by its {@code Privileged…Test}.
 */
@Tag("privileged")
abstract class StoreFailureContract<S extends SqliteStore> {

  @TempDir Path dir;

  @BeforeAll
  static void loadSqliteElsewhere() throws Exception {
    Tmpfs.requireMountable();
    // The native library must not be unpacked into the 1 MiB file system this test fills.
    SQLiteJDBCLoader.initialize();
  }

  /** The store's file name. */
  abstract String fileName();

  abstract S open(Path file);

  /** Writes the {@code n}th (from 0) of a few small entries, each of its own. */
  abstract void write(S store, int n);

  /**
   * Asserts that the store answers with exactly the first {@code n} entries {@link #write} made.
   */
  abstract void assertHolds(S store, int n);

  /** Writes batch {@code batch} (from 1) of new rows, each batch in one write call. */
  abstract void writeBatch(S store, int batch);

  /** How many batches are sure to fill 1 MiB. */
  abstract int batches();

  /** How the failure of a {@link #writeBatch} begins, after the file's name. */
  abstract String batchFailure();

  @Test
  void write_onAFullDisk_isDiskFullAndTheStoreStillAnswers() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("full"), "size=1m")) {
      Path file = tmpfs.path().resolve(fileName());
      try (S store = openWithFirstEntry(file)) {
        StoreException failure = fillUntilFailure(store);

        assertThat(failure.kind()).isEqualTo(StoreException.Kind.DISK_FULL);
        assertThat(failure.path()).isEqualTo(file);
        assertThat(failure).hasMessageStartingWith(file + ": " + batchFailure());
        assertHolds(store, 1);
      }
    }
  }

  @Test
  void write_afterADiskFullFailure_succeedsOnceThereIsRoom() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("room"), "size=1m")) {
      Path file = tmpfs.path().resolve(fileName());
      try (S store = openWithFirstEntry(file)) {
        Path filler = tmpfs.fill("filler");
        assertThat(fillUntilFailure(store).kind()).isEqualTo(StoreException.Kind.DISK_FULL);

        Files.delete(filler);
        write(store, 1);

        assertHolds(store, 2);
      }
    }
  }

  @Test
  void open_onAReadOnlyFileSystem_isCantOpenAndLeavesNoFileOpen() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("ro"), "size=4m")) {
      Path file = tmpfs.path().resolve(fileName());
      openWithFirstEntry(file).close();
      tmpfs.remountReadOnly();

      assertThatThrownBy(() -> open(file))
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

  /** The store on {@code file}, holding its first entry. */
  private S openWithFirstEntry(Path file) {
    S store = open(file);
    try {
      write(store, 0);
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
    return store;
  }

  private StoreException fillUntilFailure(S store) {
    for (int batch = 1; batch <= batches(); batch++) {
      try {
        writeBatch(store, batch);
      } catch (StoreException e) {
        return e;
      }
    }
    throw new AssertionError("1 MiB never filled up");
  }
}
