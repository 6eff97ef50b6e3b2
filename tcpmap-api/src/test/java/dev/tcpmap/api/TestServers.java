package dev.tcpmap.api;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.http.HttpLimits;
import dev.tcpmap.query.RecordsView;
import java.util.function.Supplier;

/** {@link ApiFixtures}' world served within other limits, or from other data. */
final class TestServers {
  private TestServers() {}

  static ApiServer start(HttpLimits limits) {
    return start(limits, () -> ApiFixtures.SNAPSHOT);
  }

  static ApiServer start(HttpLimits limits, Supplier<Snapshot> data) {
    return ApiServer.start(
        ApiFixtures.CONFIG,
        new RecordsView(data, ApiFixtures.CONFIG.names(), ApiFixtures.CONFIG.persistentThreshold()),
        null,
        limits);
  }
}
