package dev.tcpmap.core.event;

import dev.tcpmap.core.model.IcmpError;
import java.util.Objects;

/** An ICMP or ICMPv6 error read from packets, with what it was matched to. */
public record IcmpErrorSeen(IcmpError error) implements Event {
  public IcmpErrorSeen {
    Objects.requireNonNull(error, "error");
  }
}
