package dev.tcpmap.core.model;

import java.util.Objects;

/**
 * The process that owned one end's socket, as a live source on the host saw it.
 *
 * @param pid thread group id; 0 when unknown
 * @param command the process's {@code comm} (at most 15 bytes on Linux); "" when unknown
 * @param netns inode number of the socket's network namespace; 0 when unknown
 * @param container the container the socket's cgroup belongs to: in Kubernetes the name the pod
 *     gives it ({@code spec.containers[].name}), else the runtime's container ID; "" when the
 *     socket is in no container or it is not known
 */
public record ProcessInfo(int pid, String command, long netns, String container) {

  /** Nothing known: the end was not observed on this host (or by this source). */
  public static final ProcessInfo UNKNOWN = new ProcessInfo(0, "", 0, "");

  public ProcessInfo {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(container, "container");
    if (pid < 0) {
      throw new IllegalArgumentException("pid is negative: " + pid);
    }
  }

  /** A process in no known container. */
  public ProcessInfo(int pid, String command, long netns) {
    this(pid, command, netns, "");
  }

  /** Whether any of the fields is known. */
  public boolean isKnown() {
    return !equals(UNKNOWN);
  }
}
