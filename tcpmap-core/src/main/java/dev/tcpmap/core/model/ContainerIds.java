package dev.tcpmap.core.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container IDs as the two places that name them write them: a cgroup directory of the container's
 * processes, and a pod's {@code status.containerStatuses[].containerID}. Both come down to the
 * runtime's 64-hex-digit ID, the key that joins a socket's cgroup to the pod's container.
 */
public final class ContainerIds {
  /**
   * The systemd cgroup driver's scope units: containerd's {@code cri-containerd-ID.scope}, CRI-O's
   * {@code crio-ID.scope} (not {@code crio-conmon-ID.scope}: its monitor), Docker's {@code
   * docker-ID.scope}, Podman's {@code libpod-ID.scope}.
   */
  private static final Pattern SCOPE =
      Pattern.compile("(?:cri-containerd|crio|docker|libpod)-([0-9a-f]{64})\\.scope");

  /**
   * The cgroupfs driver: the ID alone ({@code /kubepods/burstable/podUID/ID}, {@code /docker/ID}).
   */
  private static final Pattern BARE = Pattern.compile("[0-9a-f]{64}");

  private ContainerIds() {}

  /** The container ID a cgroup directory named {@code name} stands for, or "" for none. */
  public static String ofCgroup(String name) {
    if (BARE.matcher(name).matches()) {
      return name;
    }
    Matcher m = SCOPE.matcher(name);
    return m.matches() ? m.group(1) : "";
  }

  /**
   * The ID of a container status's {@code containerID} ({@code containerd://ID}, {@code
   * cri-o://ID}, {@code docker://ID}): what follows the scheme; "" for null or an empty one (a
   * container that has not started).
   */
  public static String ofStatus(String containerId) {
    if (containerId == null) {
      return "";
    }
    int scheme = containerId.indexOf("://");
    return scheme < 0 ? containerId.strip() : containerId.substring(scheme + 3).strip();
  }
}
