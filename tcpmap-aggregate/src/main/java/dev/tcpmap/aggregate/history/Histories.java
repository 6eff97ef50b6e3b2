package dev.tcpmap.aggregate.history;

import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.store.HandshakeStore;
import dev.tcpmap.store.RollupStore;
import dev.tcpmap.store.SqliteHandshakeStore;
import dev.tcpmap.store.SqliteRollupStore;
import dev.tcpmap.store.StoreConfig;
import dev.tcpmap.store.StoreException;
import dev.tcpmap.store.StoreSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Opens the agent's {@link History} as the {@code store.*} settings say. */
public final class Histories {
  /** The database file in the data directory. */
  public static final String FILE = "history.db";

  /** The TLS handshakes' database file in the data directory. */
  public static final String TLS_FILE = "tls.db";

  private Histories() {}

  /**
   * The data directory: {@code store.data-dir}, else {@code $XDG_STATE_HOME/tcpmap}, else {@code
   * ~/.local/state/tcpmap}; empty for {@value #NONE}.
   */
  public static Optional<Path> dataDir(
      StoreSettings.Config config, Map<String, String> environment) {
    String configured = config.dataDir().strip();
    if (configured.equals(StoreSettings.NONE)) {
      return Optional.empty();
    }
    if (!configured.isEmpty()) {
      return Optional.of(Path.of(configured));
    }
    String state = environment.getOrDefault("XDG_STATE_HOME", "");
    if (!state.isBlank()) {
      return Optional.of(Path.of(state, "tcpmap"));
    }
    return Optional.of(Path.of(System.getProperty("user.home"), ".local", "state", "tcpmap"));
  }

  /**
   * Opens the history. A store that cannot be opened never stops the agent: a damaged file is moved
   * aside (kept for inspection) and a new one made; a directory that cannot be written, or a file
   * that is not a tcpmap store, leaves the history in memory, said in its status and logged.
   *
   * @param queryLimit most handshakes a window's question reads from the store
   */
  public static History open(
      StoreSettings.Config config,
      int queryLimit,
      Map<String, String> environment,
      InstantSource clock,
      PrintStream log) {
    return open(config, queryLimit, clock, log, dataDir(config, environment));
  }

  private static History open(
      StoreSettings.Config config,
      int queryLimit,
      InstantSource clock,
      PrintStream log,
      Optional<Path> dir) {
    StoreConfig storeConfig = config.buckets();
    Optional<RollupStore> durable = Optional.empty();
    Optional<HandshakeStore> tls = Optional.empty();
    String where = "memory (store.data-dir=none)";
    SourceStatus status = new SourceStatus(History.SOURCE, State.RUNNING, where);
    if (dir.isPresent()) {
      Path file = dir.get().resolve(FILE).toAbsolutePath();
      where = file.toString();
      Path tlsFile = dir.get().resolve(TLS_FILE).toAbsolutePath();
      try {
        durable =
            Optional.of(openOrReplace(file, log, f -> SqliteRollupStore.open(f, storeConfig)));
        tls =
            Optional.of(
                openOrReplace(
                    tlsFile,
                    log,
                    f -> SqliteHandshakeStore.open(f, storeConfig, config.maxTlsHandshakes())));
        status = new SourceStatus(History.SOURCE, State.RUNNING, where);
      } catch (StoreException e) {
        durable.ifPresent(RollupStore::close);
        durable = Optional.empty();
        String message =
            "cannot open " + e.path() + ", history kept in memory only: " + e.getMessage();
        log.println("tcpmap: history: " + message);
        status = new SourceStatus(History.SOURCE, State.DEGRADED, message);
        where = "memory (" + e.path() + " cannot be opened)";
      }
    }
    return new History(
        storeConfig,
        durable,
        tls,
        config.maxTlsHandshakes(),
        queryLimit,
        where,
        status,
        clock,
        log);
  }

  /** A history in memory only, as {@code store.data-dir=none} makes it. */
  public static History inMemory(
      StoreSettings.Config config, int queryLimit, InstantSource clock, PrintStream log) {
    return open(config, queryLimit, clock, log, Optional.empty());
  }

  private static <T> T openOrReplace(Path file, PrintStream log, Function<Path, T> open) {
    try {
      return open.apply(file);
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.CORRUPT) {
        throw e;
      }
      Path aside =
          file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
      try {
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        for (String suffix : new String[] {"-wal", "-shm"}) {
          Path side = file.resolveSibling(file.getFileName() + suffix);
          if (Files.exists(side)) {
            Files.move(side, aside.resolveSibling(aside.getFileName() + suffix));
          }
        }
      } catch (IOException io) {
        throw new StoreException(
            StoreException.Kind.CORRUPT,
            file,
            e.getMessage() + "; moving it aside failed: " + io,
            io);
      }
      log.println(
          "tcpmap: history: "
              + file
              + " is damaged ("
              + e.getMessage()
              + "); moved to "
              + aside
              + ", starting a new history");
      return open.apply(file);
    }
  }
}
