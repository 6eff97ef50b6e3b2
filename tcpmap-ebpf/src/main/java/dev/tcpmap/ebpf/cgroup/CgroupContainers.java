package dev.tcpmap.ebpf.cgroup;

import dev.tcpmap.core.model.ContainerIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The host's cgroup v2 tree read as containers: which container each cgroup is in (a cgroup
 * directory named by a runtime's container ID, or below one), found by the cgroup's id, which is
 * the inode number of its directory (the kernel's {@code kernfs_node.id}, what the tracer reads
 * from a socket).
 *
 * <pre>
 *   /sys/fs/cgroup                                   (the cgroup2 mount)
 *   └─ kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podUID.slice
 *      ├─ cri-containerd-&lt;64 hex&gt;.scope    ino 8812 ─▶ container &lt;64 hex&gt;
 *      └─ cri-containerd-&lt;64 hex&gt;.scope    ino 8840 ─▶ container …
 *   cgroupfs driver: /kubepods/burstable/podUID/&lt;64 hex&gt;
 * </pre>
 *
 * <p>The tree is read whole and kept (at most {@code maxCgroups} directories); an id it does not
 * hold makes it read again when the id is newer than every id read so far (kernfs hands ids out in
 * increasing order: a new cgroup), else at most once a second. An id still not there belonged to a
 * cgroup removed before it could be read: counted as {@code container-unknown}. Directories past
 * the bound are counted as {@code cgroup-table-full} once per reading that met it.
 *
 * <p>Thread-safe (one lock); lookups between readings are a map lookup.
 */
public final class CgroupContainers implements ContainerNames {
  static final String UNKNOWN = "container-unknown";
  static final String TABLE_FULL = "cgroup-table-full";
  private static final long RESCAN_NANOS = 1_000_000_000L;
  private static final int MAX_DEPTH = 32;

  private final Path root;
  private final int maxCgroups;
  private final UnaryOperator<String> names;
  private final LongSupplier nanoTime;

  // Guarded by "this".
  private Map<Long, String> containerOf = Map.of();
  private Map<String, Long> cgroupOf = Map.of();
  private long highest;
  private long readAt;
  private boolean everRead;
  private long unknown;
  private long tableFull;

  /**
   * @param root the cgroup2 mount (or, in tests, a tree made like it)
   * @param maxCgroups most cgroup directories kept
   * @param names the name of a container ID, "" when there is none (then the ID is its name)
   * @param nanoTime a monotonic clock, for the once-a-second rereading
   */
  public CgroupContainers(
      Path root, int maxCgroups, UnaryOperator<String> names, LongSupplier nanoTime) {
    this.root = Objects.requireNonNull(root, "root");
    if (maxCgroups < 1) {
      throw new IllegalArgumentException("maxCgroups must be positive: " + maxCgroups);
    }
    this.maxCgroups = maxCgroups;
    this.names = Objects.requireNonNull(names, "names");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * The host's cgroup2 mount, as {@code mountinfo} lists it (the one of the whole hierarchy when
   * there are several; {@code /sys/fs/cgroup} on a unified host, {@code /sys/fs/cgroup/unified} on
   * a hybrid one); empty when there is none (a cgroup v1 host: no container is named).
   */
  public static Optional<Path> mount(Path mountinfo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(mountinfo);
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<Path> any = Optional.empty();
    for (String line : lines) {
      // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
      int dash = line.indexOf(" - ");
      String[] before = line.substring(0, Math.max(dash, 0)).split(" ");
      if (dash < 0 || before.length < 5 || !line.substring(dash + 3).startsWith("cgroup2 ")) {
        continue;
      }
      Path point = Path.of(before[4].replace("\\040", " "));
      if (before[3].equals("/")) {
        return Optional.of(point);
      }
      any = any.isPresent() ? any : Optional.of(point);
    }
    return any;
  }

  /**
   * The cgroup2 hierarchy to read: {@code configured} ({@code tracer.cgroup-root}: where a
   * container sees the host's {@code /sys/fs/cgroup}, mounted from the node) or its {@code unified}
   * directory when it is a hybrid host's tree; without one, {@link #mount}.
   */
  public static Optional<Path> root(String configured, Path mountinfo) {
    if (configured.isEmpty()) {
      return mount(mountinfo);
    }
    Path root = Path.of(configured);
    Path unified = root.resolve("unified");
    boolean hybrid =
        !Files.exists(root.resolve("cgroup.controllers"))
            && Files.exists(unified.resolve("cgroup.controllers"));
    return Optional.of(hybrid ? unified : root);
  }

  @Override
  public String name(long cgroup) {
    String id = containerId(cgroup);
    if (id.isEmpty()) {
      return "";
    }
    String name = names.apply(id);
    return name.isEmpty() ? id : name;
  }

  /** The ID of the container the cgroup is in, "" for none or a cgroup that cannot be found. */
  public synchronized String containerId(long cgroup) {
    String id = containerOf.get(cgroup);
    if (id != null) {
      return id;
    }
    if (!everRead || cgroup > highest || nanoTime.getAsLong() - readAt >= RESCAN_NANOS) {
      read();
      highest = Math.max(highest, cgroup);
      id = containerOf.get(cgroup);
      if (id != null) {
        return id;
      }
    }
    unknown++;
    return "";
  }

  /**
   * The id of the container's own cgroup (its scope, not the cgroups it made below it) as of the
   * last reading of the tree; 0 when it had no such container.
   */
  public synchronized long cgroupOf(String containerId) {
    if (!everRead) {
      read();
    }
    return cgroupOf.getOrDefault(containerId, 0L);
  }

  /** Reads the tree again now: containers were started since (their IDs were just learnt). */
  public synchronized void reread() {
    read();
  }

  @Override
  public synchronized Map<String, Long> losses() {
    Map<String, Long> losses = new LinkedHashMap<>();
    if (unknown > 0) {
      losses.put(UNKNOWN, unknown);
    }
    if (tableFull > 0) {
      losses.put(TABLE_FULL, tableFull);
    }
    return losses;
  }

  private record Dir(Path path, String container, int depth) {}

  /** Reads the whole tree: each directory's inode and the container it is in. */
  private void read() {
    Map<Long, String> containers = new HashMap<>();
    Map<String, Long> cgroups = new HashMap<>();
    boolean full = false;
    Deque<Dir> pending = new ArrayDeque<>();
    pending.push(new Dir(root, "", 0));
    while (!pending.isEmpty()) {
      Dir dir = pending.pop();
      long inode = inode(dir.path());
      if (inode <= 0) {
        continue; // removed while the tree was read
      }
      Path name = dir.path().getFileName();
      String own = dir.depth() == 0 || name == null ? "" : ContainerIds.ofCgroup(name.toString());
      String container = own.isEmpty() ? dir.container() : own;
      if (containers.size() >= maxCgroups) {
        full = true;
        continue;
      }
      containers.put(inode, container);
      if (!own.isEmpty()) {
        cgroups.putIfAbsent(own, inode);
      }
      highest = Math.max(highest, inode);
      if (dir.depth() < MAX_DEPTH) {
        children(dir, container, pending);
      }
    }
    if (full) {
      tableFull++;
    }
    containerOf = containers;
    cgroupOf = cgroups;
    readAt = nanoTime.getAsLong();
    everRead = true;
  }

  private static void children(Dir dir, String container, Deque<Dir> into) {
    try (DirectoryStream<Path> children =
        Files.newDirectoryStream(dir.path(), p -> Files.isDirectory(p))) {
      for (Path child : children) {
        into.push(new Dir(child, container, dir.depth() + 1));
      }
    } catch (IOException | UncheckedIOException e) {
      // removed while the tree was read, or not readable: its cgroups stay unnamed
    }
  }

  private static long inode(Path dir) {
    try {
      return (Long) Files.getAttribute(dir, "unix:ino");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }
}
