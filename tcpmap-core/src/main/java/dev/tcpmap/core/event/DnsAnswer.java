package dev.tcpmap.core.event;

import dev.tcpmap.core.model.DnsName;
import java.util.Objects;

/** A DNS answer read from packets: {@code name} held the address for its TTL. */
public record DnsAnswer(DnsName name) implements Event {
  public DnsAnswer {
    Objects.requireNonNull(name, "name");
  }
}
