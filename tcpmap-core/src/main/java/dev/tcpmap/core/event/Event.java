package dev.tcpmap.core.event;

/**
 * What a source reports. Every source (capture file, live capture, socket tracer) produces these
 * and nothing downstream knows which source ran. Consumers switch over them exhaustively, without
 * {@code default}, so that a new event type breaks the build where it must be handled.
 */
public sealed interface Event
    permits ConnectionOpened, ConnectionProgress, ConnectionClosed, EventsLost {}
