package dev.tcpmap.core.testing;

import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The next stage of a stage under test: keeps the events handed on to it, in order, and the kinds
 * counted, so that a test can assert what passed and what was counted.
 */
public final class HandedOn implements EventStage.Downstream {
  private final List<Event> events = new ArrayList<>();
  private final List<String> counted = new ArrayList<>();

  @Override
  public void accept(Event event) {
    events.add(event);
  }

  @Override
  public void count(String kind) {
    counted.add(kind);
  }

  /** The events handed on so far, in order; a live view. */
  public List<Event> events() {
    return events;
  }

  /** The kinds counted so far, in order; a live view. */
  public List<String> counted() {
    return counted;
  }
}
