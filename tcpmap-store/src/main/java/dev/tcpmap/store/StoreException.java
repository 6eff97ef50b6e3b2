package dev.tcpmap.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteException;

/**
 * A store that cannot be opened or written, with what is wrong as a {@link Kind} a caller can count
 * and decide on (keep serving from memory on {@link Kind#DISK_FULL}, refuse to start on {@link
 * Kind#CORRUPT}).
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The file is damaged or is not an SQLite database at all. */
    CORRUPT,
    /** An SQLite database, but not a tcpmap store (or one of another schema version). */
    NOT_A_STORE,
    /** The disk or the file system quota is full (SQLITE_FULL). */
    DISK_FULL,
    /** The file or its directory cannot be written (SQLITE_READONLY). */
    READ_ONLY,
    /** The file cannot be opened or created (SQLITE_CANTOPEN). */
    CANT_OPEN,
    /** The operating system failed a read or write (SQLITE_IOERR). */
    IO_ERROR,
    /** Another process holds a lock on the database (SQLITE_BUSY, SQLITE_LOCKED). */
    BUSY,
    /** Anything else SQLite reported. */
    OTHER
  }

  private final Kind kind;
  // Path is not Serializable; nobody serializes exceptions of a running agent.
  private final transient Path path;

  public StoreException(Kind kind, Path path, String message, Throwable cause) {
    super(path + ": " + message, cause);
    this.kind = kind;
    this.path = path;
  }

  public Kind kind() {
    return kind;
  }

  public Path path() {
    return path;
  }

  /** Classifies an SQLite failure by its primary result code. */
  static StoreException of(Path path, String doing, SQLException e) {
    Kind kind = kind(primaryCode(e));
    return new StoreException(
        kind,
        path,
        doing + " failed (" + kind.name().toLowerCase(Locale.ROOT) + "): " + e.getMessage(),
        e);
  }

  private static Kind kind(int code) {
    return switch (code) {
      case 13 -> Kind.DISK_FULL;
      case 8 -> Kind.READ_ONLY;
      case 14 -> Kind.CANT_OPEN;
      case 10 -> Kind.IO_ERROR;
      case 11, 26 -> Kind.CORRUPT;
      case 5, 6 -> Kind.BUSY;
      default -> Kind.OTHER;
    };
  }

  // sqlite-jdbc wraps the failure of a batch in a BatchUpdateException: look through the chain.
  private static int primaryCode(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause() : next(t)) {
      if (t instanceof SQLiteException s) {
        return s.getResultCode().code & 0xFF;
      }
    }
    return e.getErrorCode() & 0xFF;
  }

  private static Throwable next(Throwable t) {
    return t instanceof SQLException s ? s.getNextException() : null;
  }
}
