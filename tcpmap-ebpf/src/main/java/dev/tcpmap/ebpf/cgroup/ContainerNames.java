package dev.tcpmap.ebpf.cgroup;

import java.util.Map;

/**
 * Names the container a socket's cgroup belongs to, for the tracer's records. Called on the
 * tracer's poll thread at every connection event: an implementation answers from memory.
 */
public interface ContainerNames {

  /** Knows no container: every socket is in none. */
  ContainerNames NONE =
      new ContainerNames() {
        @Override
        public String name(long cgroup) {
          return "";
        }

        @Override
        public Map<String, Long> losses() {
          return Map.of();
        }
      };

  /**
   * The container of the cgroup with this id (the inode of its directory under the cgroup2 mount):
   * its name where one is known (the pod's name for it), else its ID; "" when the cgroup is in no
   * container or cannot be found.
   */
  String name(long cgroup);

  /** Lookups that could not be answered, by reason: running totals, as the tracer's losses. */
  Map<String, Long> losses();
}
