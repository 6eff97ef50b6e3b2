package dev.tcpmap.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A pod field selector ({@code status.phase=Running,spec.nodeName!=gpu-1}), applied on the client
 * as well as sent to the API server. A real API server filters on all of these fields; the fabric8
 * mock server (7.8.0) only on {@code metadata.name} and {@code metadata.namespace}: it ignores
 * {@code field!=value} on the others, so the filter here does the work, and answers nothing at all
 * for {@code field=value} on them (a mock limitation; tests use {@code !=} there). Only the fields
 * the API server supports for pods are accepted, so a selector that works here works against a real
 * cluster.
 *
 * @param requirements all must hold
 */
record FieldSelector(List<Requirement> requirements) {

  /** {@code field=value} ({@code ==} too) or, when {@code negated}, {@code field!=value}. */
  record Requirement(String field, boolean negated, String value) {}

  private static final Map<String, Function<Pod, String>> FIELDS =
      Map.ofEntries(
          Map.entry("metadata.name", p -> meta(p).getName()),
          Map.entry("metadata.namespace", p -> meta(p).getNamespace()),
          Map.entry("spec.nodeName", p -> spec(p).getNodeName()),
          Map.entry("spec.restartPolicy", p -> spec(p).getRestartPolicy()),
          Map.entry("spec.schedulerName", p -> spec(p).getSchedulerName()),
          Map.entry("spec.serviceAccountName", p -> spec(p).getServiceAccountName()),
          Map.entry(
              "spec.hostNetwork",
              p -> String.valueOf(Boolean.TRUE.equals(spec(p).getHostNetwork()))),
          Map.entry("status.phase", p -> status(p).getPhase()),
          Map.entry("status.podIP", p -> status(p).getPodIP()),
          Map.entry("status.nominatedNodeName", p -> status(p).getNominatedNodeName()));

  static final FieldSelector NONE = new FieldSelector(List.of());

  FieldSelector {
    requirements = List.copyOf(requirements);
  }

  /** Parses a selector; "" selects everything. */
  static FieldSelector parse(String text) {
    List<Requirement> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String term = part.strip();
      if (term.isEmpty()) {
        if (text.isBlank()) {
          continue;
        }
        throw new IllegalArgumentException("empty term in field selector: " + text);
      }
      out.add(requirement(term, text));
    }
    return new FieldSelector(out);
  }

  boolean matches(Pod pod) {
    for (Requirement r : requirements) {
      String actual = Objects.requireNonNullElse(FIELDS.get(r.field()).apply(pod), "");
      if (actual.equals(r.value()) == r.negated()) {
        return false;
      }
    }
    return true;
  }

  private static Requirement requirement(String term, String whole) {
    int ne = term.indexOf("!=");
    int eq = term.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("field selector term without = or !=: " + term);
    }
    boolean negated = ne >= 0 && ne < eq;
    String field = term.substring(0, negated ? ne : eq).strip();
    int valueStart = negated ? ne + 2 : (term.startsWith("==", eq) ? eq + 2 : eq + 1);
    String value = term.substring(valueStart).strip();
    if (!FIELDS.containsKey(field)) {
      throw new IllegalArgumentException(
          "unsupported field in field selector " + whole + ": " + field);
    }
    return new Requirement(field, negated, value);
  }

  private static ObjectMeta meta(Pod p) {
    return Objects.requireNonNullElseGet(p.getMetadata(), ObjectMeta::new);
  }

  private static PodSpec spec(Pod p) {
    return Objects.requireNonNullElseGet(p.getSpec(), PodSpec::new);
  }

  private static PodStatus status(Pod p) {
    return Objects.requireNonNullElseGet(p.getStatus(), PodStatus::new);
  }
}
