package dev.tcpmap.core.event;

import dev.tcpmap.core.model.UdpFlow;
import java.util.Objects;

/** A UDP flow's record, once it ended (idle timeout, an ICMP error, the end of observation). */
public record UdpFlowEnded(UdpFlow flow) implements Event {
  public UdpFlowEnded {
    Objects.requireNonNull(flow, "flow");
  }
}
