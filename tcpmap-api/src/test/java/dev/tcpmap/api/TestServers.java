package dev.tcpmap.api;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.http.AccessConfig;
import dev.tcpmap.api.http.HttpLimits;
import dev.tcpmap.api.http.StaticAssets;
import dev.tcpmap.query.service.RecordsView;
import java.util.function.Supplier;

/** {@link ApiFixtures}' world served within other limits, from other data, with other UI files. */
final class TestServers {
  /** The test UI's files (under {@code src/test/resources/ui-fixture}). */
  static final String UI_FIXTURE = "ui-fixture";

  private TestServers() {}

  static ApiServer start(HttpLimits limits) {
    return start(limits, () -> ApiFixtures.SNAPSHOT, UiRoute.RESOURCES);
  }

  /** The fixture's world, with {@code access} deciding who may ask. */
  static ApiServer start(AccessConfig access) {
    return ApiServer.start(
        ApiFixtures.CONFIG.withAccess(access),
        new RecordsView(
            () -> ApiFixtures.SNAPSHOT,
            ApiFixtures.CONFIG.names(),
            ApiFixtures.CONFIG.persistentThreshold()),
        null,
        HttpLimits.DEFAULTS,
        new StaticAssets(TestServers.class.getClassLoader(), UiRoute.RESOURCES));
  }

  static ApiServer start(HttpLimits limits, Supplier<Snapshot> data, String uiResources) {
    return ApiServer.start(
        ApiFixtures.CONFIG,
        new RecordsView(data, ApiFixtures.CONFIG.names(), ApiFixtures.CONFIG.persistentThreshold()),
        null,
        limits,
        new StaticAssets(TestServers.class.getClassLoader(), uiResources));
  }
}
