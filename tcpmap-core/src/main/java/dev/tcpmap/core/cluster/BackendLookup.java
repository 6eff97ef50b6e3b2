package dev.tcpmap.core.cluster;

import java.util.List;

/** The workloads behind a Service, from the cluster's EndpointSlices. Thread-safe. */
@FunctionalInterface
public interface BackendLookup {
  /** No cluster: no Service has backends. */
  BackendLookup NONE = (namespace, service) -> List.of();

  /** The workloads behind the Service {@code namespace/name}, in a stable order. */
  List<Backend> backends(String namespace, String service);
}
