package dev.tcpmap.core.event;

/**
 * Where a source delivers events. Called from one thread at a time (the source's); implementations
 * need not be thread-safe unless they say so. Must not throw for any well-formed event.
 */
@FunctionalInterface
public interface EventSink {
  void accept(Event event);
}
