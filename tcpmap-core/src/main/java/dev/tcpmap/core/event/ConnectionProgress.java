package dev.tcpmap.core.event;

import dev.tcpmap.core.model.IpAddress;
import java.time.Instant;

/**
 * Bytes so far of a connection that is still open, as of {@code at}. Counts are totals since the
 * connection started (not deltas), so a lost progress event loses nothing.
 */
public record ConnectionProgress(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    Instant start,
    Instant at,
    long bytesSent,
    long bytesReceived)
    implements Event {}
