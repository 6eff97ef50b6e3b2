package dev.tcpmap.query;

import static dev.tcpmap.core.testing.TestConnections.of;
import static dev.tcpmap.query.testing.TestEndpoints.external;
import static dev.tcpmap.query.testing.TestEndpoints.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Resolver;
import org.junit.jupiter.api.Test;

/** The late-naming rule of docs/architecture.md, "Names". */
class LateNamesTest {
  private static final Connection C = of("10.0.0.1", "203.0.113.9", 443);
  private static final Endpoint NAMED_OUTSIDE =
      new Endpoint(C.server(), Endpoint.Kind.EXTERNAL, "api.example.com", "");

  @Test
  void aPodTheClusterLaterKnowsNamesAnEndKnownByItsIp() {
    Resolver now =
        (ip, at) ->
            ip.equals(C.client()) ? pod("10.0.0.1", "web", "shop") : external(ip.toString());
    ConnectionRecord named =
        LateNames.of(record(external("10.0.0.1"), external("203.0.113.9")), now);
    assertThat(named.client()).isEqualTo(pod("10.0.0.1", "web", "shop"));
    assertThat(named.server()).isEqualTo(external("203.0.113.9"));
  }

  @Test
  void anExternalNameThatCameLaterNamesAnEndKnownByItsIp() {
    Resolver now = (ip, at) -> ip.equals(C.server()) ? NAMED_OUTSIDE : Endpoint.ofIp(ip);
    ConnectionRecord named =
        LateNames.of(record(external("10.0.0.1"), external("203.0.113.9")), now);
    assertThat(named.server()).isEqualTo(NAMED_OUTSIDE);
  }

  @Test
  void anEndNamedByTheClusterOrByANameStays() {
    Endpoint other = new Endpoint(C.server(), Endpoint.Kind.EXTERNAL, "cdn.example.net", "");
    Resolver now = (ip, at) -> ip.equals(C.server()) ? other : pod("10.0.0.1", "new", "shop");
    ConnectionRecord kept = record(pod("10.0.0.1", "old", "shop"), NAMED_OUTSIDE);
    assertThat(LateNames.of(kept, now)).isSameAs(kept);
  }

  @Test
  void nothingNewKeepsTheRecordAndItsEndsThemselves() {
    // Every query runs this per record: an unchanged record is not copied, and its ends stay the
    // instances the aggregator shares, although the resolver answers with equal new ones.
    ConnectionRecord kept = record(external("10.0.0.1"), external("203.0.113.9"));
    ConnectionRecord named = LateNames.of(kept, Resolver.IP_ONLY);
    assertThat(named).isSameAs(kept);
    assertThat(LateNames.of(kept.server(), Resolver.IP_ONLY, C.start())).isSameAs(kept.server());
  }

  private static ConnectionRecord record(Endpoint client, Endpoint server) {
    return new ConnectionRecord(C, client, server);
  }
}
