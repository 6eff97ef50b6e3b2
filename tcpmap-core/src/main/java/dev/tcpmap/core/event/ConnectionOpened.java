package dev.tcpmap.core.event;

import dev.tcpmap.core.model.IpAddress;
import java.time.Instant;

/**
 * A connection began (its SYN, or its first packet when {@code startSeen} is false).
 *
 * @param start time of the SYN or first packet
 */
public record ConnectionOpened(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    Instant start,
    boolean startSeen)
    implements Event {}
