package dev.tcpmap.core.model;

import java.util.Objects;

/**
 * What an IP address is, at the time of an event. Resolution never fails: an address nothing is
 * known about is {@link Kind#EXTERNAL} with its IP text as name.
 *
 * @param name the display name without kind prefix (pod name, service name, node name, or the IP
 *     text for an external endpoint)
 * @param namespace the Kubernetes namespace, or "" when there is none
 */
public record Endpoint(IpAddress ip, Kind kind, String name, String namespace) {

  public enum Kind {
    POD,
    SERVICE,
    NODE,
    EXTERNAL
  }

  public Endpoint {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
  }

  /** An endpoint known only by its address. */
  public static Endpoint ofIp(IpAddress ip) {
    return new Endpoint(ip, Kind.EXTERNAL, ip.toString(), "");
  }
}
