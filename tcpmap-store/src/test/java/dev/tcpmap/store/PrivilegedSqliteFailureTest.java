package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.POD;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.Fixtures.WEB_DB;
import static dev.tcpmap.store.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link StoreFailureContract} on the rollup store. */
class PrivilegedSqliteFailureTest extends StoreFailureContract<SqliteRollupStore> {

  @Override
  String fileName() {
    return "rollups.db";
  }

  @Override
  SqliteRollupStore open(Path file) {
    return SqliteRollupStore.open(file, StoreConfig.DEFAULTS);
  }

  /** One connection more on one edge. */
  @Override
  void write(SqliteRollupStore store, int n) {
    store.write(List.of(opened(T0, WEB_DB, 1)));
  }

  @Override
  void assertHolds(SqliteRollupStore store, int n) {
    assertThat(store.query(T0, T0 + 1).edges().get(WEB_DB).opened()).isEqualTo(n);
  }

  /** 2,000 new edges, one bucket each. */
  @Override
  void writeBatch(SqliteRollupStore store, int batch) {
    List<Rollup> rollups = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      Endpoint server =
          new Endpoint(
              IpAddress.v4(0x0A00_0000 + batch * 2_000 + i), Endpoint.Kind.EXTERNAL, "x" + i, "");
      rollups.add(opened(T0 + batch * 10 * SECOND, new EdgeKey(POD, server, 443), 1));
    }
    store.write(rollups);
  }

  @Override
  int batches() {
    return 500;
  }

  @Override
  String batchFailure() {
    return "writing 2000 rollups failed";
  }
}
