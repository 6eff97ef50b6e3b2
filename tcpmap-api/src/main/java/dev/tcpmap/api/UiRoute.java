package dev.tcpmap.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.api.http.Asset;
import dev.tcpmap.api.http.StaticAssets;
import dev.tcpmap.api.http.WebJars;
import dev.tcpmap.api.wire.Json;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The web UI: {@code GET /} and {@code GET /ui/} its entry page, {@code /ui/...} its files ({@link
 * StaticAssets}: versioned assets), {@code /ui/lib/NAME/VERSION/...} the libraries it loads from
 * their WebJars ({@link WebJars}); 404 for a path that is none of them. Without the UI on the class
 * path every such path is a 404 ({@code /} included, as before the UI).
 *
 * <p>{@code /} serves the entry page itself rather than redirecting: the address {@code tcpmap}
 * prints is the one a user opens, and the page names its files relative to {@code <base
 * href="/ui/">}.
 */
final class UiRoute {
  /** Where the UI is served. */
  static final String PATH = "/ui/";

  /** Where its files are on the class path. */
  static final String RESOURCES = "dev/tcpmap/ui";

  /** Where the libraries' files are served, below {@link #PATH}. */
  static final String LIB = PATH + "lib/";

  /** The WebJars the UI loads (Cytoscape.js and its fcose layout with fcose's two bases). */
  static final Set<String> LIBRARIES =
      Set.of("cytoscape", "cytoscape-fcose", "cose-base", "layout-base");

  private UiRoute() {}

  /** Every grouping level of the graph, in the order the UI offers them. */
  static final List<String> ALL_GROUPS = List.of("pod", "workload", "namespace");

  /**
   * @param live whether {@code /api/v1/status} is served (the live agent): {@code /api/v1/about}
   *     says so, and the UI then asks for it (it never asks for a 404)
   * @param groups the grouping levels the graph answers (workload series know no pods): {@code
   *     /api/v1/about} lists them, and the UI offers only those
   */
  static void register(Router router, StaticAssets assets, boolean live, List<String> groups) {
    register(router, assets, new WebJars(UiRoute.class.getClassLoader(), LIBRARIES), live, groups);
  }

  static void register(
      Router router, StaticAssets assets, WebJars libraries, boolean live, List<String> groups) {
    ObjectNode about = Json.object();
    about.put("status", live);
    groups.forEach(about.putArray("groups")::add);
    router.get("/api/v1/about", params -> Answer.json(about.deepCopy()));
    router.get("/", params -> answer(assets.find(""), "/"));
    router.prefix(PATH, (rest, params) -> answer(assets.find(rest), PATH + rest));
    router.prefix(LIB, (rest, params) -> answer(libraries.find(rest), LIB + rest));
  }

  private static Answer answer(Optional<Asset> file, String path) {
    return Answer.asset(
        file.orElseThrow(
            () -> new ApiException(404, "no such file: " + NativeRoutes.shorten(path))));
  }
}
