package dev.tcpmap.query;

import dev.tcpmap.core.model.Checks;

/**
 * One question to the graph, whichever front end asks it: a time window, edge filters and what to
 * show.
 */
public record GraphQuery(TimeRange range, EdgeFilter filter, StatsType statsType) {

  /** Everything, as connection counts. */
  public static final GraphQuery ALL =
      new GraphQuery(TimeRange.ALL, EdgeFilter.NONE, StatsType.CONNECTION);

  public GraphQuery {
    Checks.nonNull("range filter statsType", range, filter, statsType);
  }
}
