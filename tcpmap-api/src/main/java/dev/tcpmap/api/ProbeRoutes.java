package dev.tcpmap.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.query.service.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} and {@code GET /readyz}, for a kubelet's liveness and readiness probes.
 *
 * <p>Liveness is only "the process serves HTTP": a restart cannot fix a failed source (a missing
 * capability stays missing), so nothing else may fail it. Readiness is "worth sending Grafana's and
 * the peers' requests to": the socket tracer and the history are up (a degraded one still serves),
 * and the agent is not stopping. A source that can fail while the agent stays useful (packet
 * capture without CAP_NET_RAW, the Kubernetes API unreachable) does not make it unready: {@code
 * /api/v1/status} says what is wrong. Serving a capture file, the result is complete before the
 * server starts: always ready.
 */
final class ProbeRoutes {
  /** Sources without which the agent's answers are empty or lost: each must be up. */
  static final Set<String> REQUIRED = Set.of("socket-tracer", "history");

  private ProbeRoutes() {}

  /** {@code status} is null when serving a fixed result (no sources). */
  static void register(Router router, Supplier<Status> status) {
    router.get("/healthz", params -> Answer.json(state("ok")));
    router.get(
        "/readyz",
        params -> {
          Optional<String> reason =
              status == null ? Optional.empty() : notReady(status.get().sources());
          if (reason.isPresent()) {
            throw new ApiException(503, "not ready: " + reason.get());
          }
          return Answer.json(state("ready"));
        });
  }

  /** Why an agent whose sources are {@code sources} is not ready; empty when it is. */
  static Optional<String> notReady(List<SourceStatus> sources) {
    List<String> reasons = new ArrayList<>();
    for (String name : REQUIRED.stream().sorted().toList()) {
      if (sources.stream().noneMatch(s -> s.name().equals(name))) {
        reasons.add(name + " not started");
      }
    }
    for (SourceStatus source : sources) {
      boolean down =
          source.state() == State.STOPPED
              || (source.state() == State.FAILED && REQUIRED.contains(source.name()));
      if (down) {
        String state = source.state().name().toLowerCase(Locale.ROOT);
        reasons.add(
            source.name()
                + " "
                + state
                + (source.message().isEmpty() ? "" : " (" + source.message() + ")"));
      }
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
  }

  private static ObjectNode state(String text) {
    ObjectNode out = Json.object();
    out.put("status", text);
    return out;
  }
}
