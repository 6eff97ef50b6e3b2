package dev.tcpmap.core.event;

import dev.tcpmap.core.model.DnsLookup;
import java.util.Objects;

/** A DNS query over UDP with its response's code, or without one after the timeout. */
public record DnsLookupEnded(DnsLookup lookup) implements Event {
  public DnsLookupEnded {
    Objects.requireNonNull(lookup, "lookup");
  }
}
