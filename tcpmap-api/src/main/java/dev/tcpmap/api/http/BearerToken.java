package dev.tcpmap.api.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The bearer token (RFC 6750) every request must carry, read from a file as Kubernetes mounts a
 * Secret, and read again when the file changes: the kubelet rotates a Secret by pointing the
 * mounted name at a new file, so a new inode, size or modification time means a new token.
 *
 * <p>Cost per request: the file's attributes are read at most every {@code recheck} (by the one
 * request that finds them due; the others do not wait), the file itself only when they changed, or
 * while its modification time is within {@link #RACY} of the check (a rewrite in place within the
 * file system's time granularity, with the same size, would look unchanged). A presented token is
 * compared by its SHA-256 digest in constant time ({@link MessageDigest#isEqual}): neither its
 * contents nor its length can be learned from the time a refusal takes.
 *
 * <p>A file that cannot be read, or holds no token, at start is an error; later, it keeps the last
 * good token, and is reported once per version of the file to the {@link Listener}. Thread-safe.
 */
public final class BearerToken {
  /** A token as RFC 6750 §2.1 writes it ({@code b64token}). */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private static final Duration RACY = Duration.ofSeconds(2);
  private static final String SCHEME = "Bearer ";

  /** What becomes of the file's changes. */
  public interface Listener {
    /** A new token was read. */
    void reloaded();

    /** The file changed but holds no usable token; the last good one stays. */
    void failed(String problem);
  }

  private record Stamp(Object fileKey, long size, long modifiedMillis) {}

  private record Current(String token, byte[] digest, Stamp stamp, long checkedNanos) {}

  private final Path file;
  private final long recheckNanos;
  private final Listener listener;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Current current;
  // The stamp of the last version that failed, so that it is reported once.
  private Stamp failedStamp;

  private BearerToken(Path file, Duration recheck, Listener listener, Current first) {
    this.file = file;
    this.recheckNanos = recheck.toNanos();
    this.listener = listener;
    this.current = first;
  }

  /**
   * Reads the token from {@code file} (surrounding white space, such as a final newline, is not
   * part of it).
   *
   * @throws IllegalArgumentException naming the file and what is wrong, when it cannot be read or
   *     holds no token
   */
  public static BearerToken load(Path file, Duration recheck, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    try {
      Stamp stamp = stamp(file);
      String token = read(file);
      return new BearerToken(
          file, recheck, listener, new Current(token, digest(token), stamp, System.nanoTime()));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read it: " + FileProblems.describe(e));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  /** Whether {@code authorization}, the request's {@code Authorization} field, has the token. */
  public boolean accepts(String authorization) {
    Current now = fresh();
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    String presented = authorization.substring(SCHEME.length()).strip();
    return MessageDigest.isEqual(digest(presented), now.digest());
  }

  /** The token, as this agent sends it to its peers. */
  public String token() {
    return fresh().token();
  }

  private Current fresh() {
    Current now = current;
    if (System.nanoTime() - now.checkedNanos() >= recheckNanos && reloading.tryLock()) {
      try {
        now = recheck(current);
        current = now;
      } finally {
        reloading.unlock();
      }
    }
    return now;
  }

  /** Under the lock: the token as the file now says, or the last good one. */
  private Current recheck(Current last) {
    long nanos = System.nanoTime();
    Stamp stamp;
    try {
      stamp = stamp(file);
    } catch (IOException e) {
      return failed(
          last, new Stamp(null, -1, -1), nanos, "cannot read it: " + FileProblems.describe(e));
    }
    boolean racy = System.currentTimeMillis() - stamp.modifiedMillis() < RACY.toMillis();
    if (stamp.equals(last.stamp()) && !racy) {
      return new Current(last.token(), last.digest(), last.stamp(), nanos);
    }
    if (stamp.equals(failedStamp) && !racy) {
      return new Current(last.token(), last.digest(), last.stamp(), nanos);
    }
    try {
      String token = read(file);
      failedStamp = null;
      if (!token.equals(last.token())) {
        listener.reloaded();
      }
      return new Current(token, digest(token), stamp, nanos);
    } catch (IOException e) {
      return failed(last, stamp, nanos, "cannot read it: " + FileProblems.describe(e));
    } catch (IllegalArgumentException e) {
      return failed(last, stamp, nanos, e.getMessage());
    }
  }

  private Current failed(Current last, Stamp stamp, long nanos, String problem) {
    if (!stamp.equals(failedStamp)) {
      failedStamp = stamp;
      listener.failed(file + ": " + problem + "; the last good token stays in use");
    }
    return new Current(last.token(), last.digest(), last.stamp(), nanos);
  }

  private static Stamp stamp(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return new Stamp(
        attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis());
  }

  /** The file's token; a file of more than 4 KiB is not a token file. */
  private static String read(Path file) throws IOException {
    if (Files.size(file) > 4096) {
      throw new IllegalArgumentException("over 4 KiB, not a token");
    }
    String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (token.isEmpty()) {
      throw new IllegalArgumentException("empty, no token in it");
    }
    if (!TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "not a bearer token (letters, digits and -._~+/, then = padding)");
    }
    return token;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
