package dev.tcpmap.query;

import dev.tcpmap.core.model.Endpoint;

/**
 * The names k8spacket shows for an endpoint, which its {@code include}/{@code exclude} filters also
 * match: {@code pod.<name>}, {@code svc.<name>}, {@code node.<name>}, and for anything else its
 * bare name (an external endpoint without a better name is named by its IP text).
 */
public final class EndpointNames {
  private EndpointNames() {}

  /** The display name, e.g. {@code "pod.web-7d4b9"} or {@code "10.0.0.7"}. */
  public static String title(Endpoint endpoint) {
    return switch (endpoint.kind()) {
      case POD -> "pod." + endpoint.name();
      case SERVICE -> "svc." + endpoint.name();
      case NODE -> "node." + endpoint.name();
      case EXTERNAL, PROCESS -> endpoint.name();
    };
  }
}
