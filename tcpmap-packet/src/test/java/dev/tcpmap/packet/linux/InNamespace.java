package dev.tcpmap.packet.linux;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Runs test code on a fresh platform thread inside a test network namespace ({@code ip netns}
 * name): sockets it opens belong to that namespace for their whole life, whichever thread uses them
 * later. The thread ends with the call; the JVM's other threads stay where they are.
 */
public final class InNamespace {
  private InNamespace() {}

  /** {@code body}'s result; its exception rethrown. Waits at most two minutes. */
  public static <T> T call(String namespace, Callable<T> body) throws Exception {
    FutureTask<T> task =
        new FutureTask<>(
            () -> {
              NetworkNamespace.enter(Path.of("/run/netns", namespace));
              return body.call();
            });
    Thread.ofPlatform().name("in-" + namespace).start(task);
    try {
      return task.get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
