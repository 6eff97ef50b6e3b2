package dev.tcpmap.core.cluster;

import dev.tcpmap.core.model.Endpoint.Workload;
import java.util.Objects;

/**
 * A workload behind a Service, from its EndpointSlices.
 *
 * @param workload what runs the backing pods; {@link Workload#NONE} for endpoints that are not pods
 *     (no {@code targetRef}, e.g. a Service pointed at addresses by hand)
 * @param ready how many of its endpoints are ready
 * @param endpoints how many endpoints it has, ready or not (each pod once, even when a dual-stack
 *     Service lists it in an IPv4 and an IPv6 slice)
 */
public record Backend(Workload workload, int ready, int endpoints) {

  public Backend {
    Objects.requireNonNull(workload, "workload");
    if (ready < 0 || ready > endpoints) {
      throw new IllegalArgumentException("ready out of range: " + ready + " of " + endpoints);
    }
  }
}
