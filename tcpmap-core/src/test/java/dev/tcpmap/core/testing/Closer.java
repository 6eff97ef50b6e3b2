package dev.tcpmap.core.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test started, after each test, the last started first: {@code @RegisterExtension
 * final Closer closer = new Closer();}, then {@code watch = closer.add(ClusterWatch.start(...))}. A
 * test that fails half-way leaves no watch, server or store running into the next one.
 */
public final class Closer implements AfterEachCallback {
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  /** {@code resource}, to be closed after the test. */
  public <T extends AutoCloseable> T add(T resource) {
    started.push(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception failure = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
