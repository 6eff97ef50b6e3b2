package dev.tcpmap.kubernetes;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code target.*} keys: which pods the agent observes. Both empty (the default) is k8spacket's
 * behaviour: every socket of the node.
 */
public final class TargetSettings {
  public static final Setting<Set<String>> NAMESPACES =
      Setting.of("target.namespaces", "", TargetSettings::namespaces)
          .option("--target-namespaces", "NS,…", "observe only pods of these namespaces");
  public static final Setting<LabelSelector> POD_SELECTOR =
      Setting.of("target.pod-selector", "", LabelSelector::parse)
          .option("--target-pods", "SELECTOR", "observe only pods with these labels");

  /**
   * The pods to observe.
   *
   * @param namespaces the namespaces, none for every one
   * @param selector the pods' labels, {@link LabelSelector#EVERYTHING} for every pod
   */
  public record Targets(Set<String> namespaces, LabelSelector selector) {
    public static final Targets EVERYTHING = new Targets(Set.of(), LabelSelector.EVERYTHING);

    public Targets {
      namespaces = Set.copyOf(namespaces);
    }

    /** Whether every socket is observed (no targeting). */
    public boolean isEverything() {
      return namespaces.isEmpty() && selector.isEverything();
    }

    /** Whether a pod in {@code namespace} with {@code labels} is observed. */
    public boolean selects(String namespace, Map<String, String> labels) {
      return (namespaces.isEmpty() || namespaces.contains(namespace)) && selector.matches(labels);
    }

    /** What it targets, in words: for the status and the log. */
    public String describe() {
      if (isEverything()) {
        return "every socket";
      }
      String pods = selector.isEverything() ? "pods" : "pods with labels " + selector.text();
      return namespaces.isEmpty()
          ? pods
          : pods + " in " + namespaces.stream().sorted().collect(Collectors.joining(", "));
    }
  }

  public static final ConfigArea<Targets> AREA =
      ConfigArea.of(
          List.of(NAMESPACES, POD_SELECTOR),
          v -> new Targets(v.get(NAMESPACES), v.get(POD_SELECTOR)));

  private TargetSettings() {}

  private static Set<String> namespaces(String text) {
    return Arrays.stream(Parsers.text(text).split(",", -1))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
