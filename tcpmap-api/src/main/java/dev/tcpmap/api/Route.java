package dev.tcpmap.api;

/**
 * One GET endpoint: turns the query parameters into an {@link Answer} (usually JSON). Runs on a
 * virtual thread per request; must not keep state between requests. Bad input is thrown as {@code
 * QueryException} or {@link ApiException}, never answered by hand.
 */
@FunctionalInterface
interface Route {

  /** The answer of a 200. */
  Answer handle(QueryParams params);
}
