package dev.tcpmap.ebpf.cgroup;

import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the socket tracer's targets current: the cgroups of the containers of the pods selected
 * now, as the Kubernetes informers know them, handed to the tracer's map of targeted cgroups when
 * they change. Runs once at start and then every second on its own thread, so that a pod that
 * starts or is relabelled is targeted (or no longer) within about a second of its informer event.
 *
 * <pre>
 *   informers ─▶ selected pods ─▶ container IDs ─▶ cgroup ids (host's cgroup2 tree) ─▶ BPF map
 * </pre>
 *
 * The tree is read again only when the set of container IDs changed (a container started or went
 * away): IDs of selected pods on other nodes have no cgroup here, and would otherwise make every
 * round read it. Its status, {@code targeting}, says what is targeted and how many pods match.
 */
public final class CgroupTargets implements Source {
  public static final String NAME = "targeting";

  /**
   * What the selection holds now.
   *
   * @param pods how many pods match (on any node)
   * @param containerIds the IDs of their started containers
   */
  public record Selected(int pods, Set<String> containerIds) {
    public Selected {
      containerIds = Set.copyOf(containerIds);
    }
  }

  private final String description;
  private final Supplier<Selected> selected;
  private final CgroupContainers containers;
  private final Consumer<Set<Long>> target;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("tcpmap-targeting").factory());
  private volatile SourceStatus status;

  // The ticker's own.
  private Set<String> lastIds;
  private Set<Long> lastCgroups;

  /**
   * @param description what is targeted, in words (for the status)
   * @param selected the selection now (any thread: it reads the informers' state)
   * @param containers the host's cgroup tree
   * @param target hands the targeted cgroups to the tracer
   */
  public CgroupTargets(
      String description,
      Supplier<Selected> selected,
      CgroupContainers containers,
      Consumer<Set<Long>> target) {
    this.description = Objects.requireNonNull(description, "description");
    this.selected = Objects.requireNonNull(selected, "selected");
    this.containers = Objects.requireNonNull(containers, "containers");
    this.target = Objects.requireNonNull(target, "target");
    this.status = new SourceStatus(NAME, SourceStatus.State.RUNNING, description + ": starting");
  }

  @Override
  public void start(EventSink sink) {
    ticker.scheduleWithFixedDelay(this::sync, 0, 1, TimeUnit.SECONDS);
  }

  /** One round: the selection's cgroups to the tracer when they changed. The ticker's thread. */
  void sync() {
    try {
      Selected now = selected.get();
      if (!now.containerIds().equals(lastIds)) {
        containers.reread();
        lastIds = now.containerIds();
      }
      Set<Long> cgroups = new HashSet<>();
      for (String id : now.containerIds()) {
        long cgroup = containers.cgroupOf(id);
        if (cgroup != 0) {
          cgroups.add(cgroup);
        }
      }
      if (!cgroups.equals(lastCgroups)) {
        target.accept(Set.copyOf(cgroups));
        lastCgroups = cgroups;
      }
      status =
          new SourceStatus(
              NAME,
              SourceStatus.State.RUNNING,
              description
                  + ": "
                  + now.pods()
                  + (now.pods() == 1 ? " pod matches, " : " pods match, ")
                  + cgroups.size()
                  + (cgroups.size() == 1 ? " container" : " containers")
                  + " of them on this node traced");
    } catch (RuntimeException e) {
      // the ticker must survive: a scheduled task that throws is never run again
      status =
          new SourceStatus(
              NAME, SourceStatus.State.DEGRADED, description + ": retargeting failed: " + e);
    }
  }

  @Override
  public List<SourceStatus> status() {
    return List.of(status);
  }

  @Override
  public void stop() {
    ticker.shutdownNow();
  }
}
