package dev.tcpmap.core.model;

import java.util.Objects;

/**
 * What an IP address is, at the time of an event. Resolution never fails: an address nothing is
 * known about is {@link Kind#EXTERNAL} with its IP text as name.
 *
 * @param name the display name without kind prefix (pod name, service name, node name, a process's
 *     {@code comm}, or the IP text for an external endpoint)
 * @param namespace the Kubernetes namespace, or "" when there is none
 */
public record Endpoint(IpAddress ip, Kind kind, String name, String namespace) {

  public enum Kind {
    POD,
    SERVICE,
    NODE,
    EXTERNAL,
    /**
     * A process on the agent's host, named by its {@code comm}: the view without Kubernetes. Two
     * processes on one IP (127.0.0.1) are two endpoints.
     */
    PROCESS
  }

  public Endpoint {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
  }

  /**
   * The id of its node in tcpmap's own graph: the IP text, and for a process {@code comm@IP}, so
   * that two processes on one address stay apart.
   */
  public String nodeId() {
    return kind == Kind.PROCESS ? name + "@" + ip : ip.toString();
  }

  /** An endpoint known only by its address. */
  public static Endpoint ofIp(IpAddress ip) {
    return new Endpoint(ip, Kind.EXTERNAL, ip.toString(), "");
  }
}
