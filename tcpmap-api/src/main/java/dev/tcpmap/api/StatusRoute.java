package dev.tcpmap.api;

import dev.tcpmap.api.wire.StatusJson;
import dev.tcpmap.query.service.Status;
import java.time.InstantSource;
import java.util.function.Supplier;

/** {@code GET /api/v1/status}: the live agent's sources, event counts, losses and uptime. */
final class StatusRoute {
  private StatusRoute() {}

  static void register(Router router, InstantSource clock, Supplier<Status> status) {
    router.get(
        "/api/v1/status", params -> Answer.json(StatusJson.write(status.get(), clock.instant())));
  }
}
