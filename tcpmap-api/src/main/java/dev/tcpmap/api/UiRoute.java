package dev.tcpmap.api;

import dev.tcpmap.api.http.StaticAssets;

/**
 * {@code GET /ui/...}: the web UI's files ({@link StaticAssets}: entry page, versioned assets), 404
 * for a path that is none of them. Without the UI on the class path every such path is a 404.
 */
final class UiRoute {
  /** Where the UI is served. */
  static final String PATH = "/ui/";

  /** Where its files are on the class path. */
  static final String RESOURCES = "dev/tcpmap/ui";

  private UiRoute() {}

  static void register(Router router, StaticAssets assets) {
    router.prefix(
        PATH,
        (rest, params) ->
            Answer.asset(
                assets
                    .find(rest)
                    .orElseThrow(
                        () ->
                            new ApiException(
                                404, "no such file: " + NativeRoutes.shorten(PATH + rest)))));
  }
}
