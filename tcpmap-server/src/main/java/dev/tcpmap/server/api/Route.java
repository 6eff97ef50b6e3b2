package dev.tcpmap.server.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One GET endpoint: turns the query parameters into a JSON body. Runs on a virtual thread per
 * request; must not keep state between requests. Bad input is thrown as {@code QueryException} or
 * {@link ApiException}, never answered by hand.
 */
@FunctionalInterface
interface Route {

  /** The response body, or null for an empty 200. */
  JsonNode handle(QueryParams params);
}
