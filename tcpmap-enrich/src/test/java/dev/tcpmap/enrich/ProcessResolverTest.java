package dev.tcpmap.enrich;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessResolverTest {
  private static final IpAddress A = IpAddress.parse("127.0.0.1");

  @Test
  void namesKnownEndsByComm_othersByTheDelegate() {
    Resolver resolver = new ProcessResolver(Resolver.IP_ONLY);
    Connection c =
        new Connection(
            A,
            1,
            IpAddress.parse("10.0.0.9"),
            80,
            T0,
            Duration.ZERO,
            0,
            0,
            Outcome.CLOSED,
            true,
            new SocketDetails(new ProcessInfo(1, "curl", 9), ProcessInfo.UNKNOWN, 0, 0));

    assertThat(resolver.resolveClient(c))
        .isEqualTo(new Endpoint(A, Endpoint.Kind.PROCESS, "curl", ""));
    assertThat(resolver.resolveClient(c).nodeId()).isEqualTo("curl@127.0.0.1");
    assertThat(resolver.resolveServer(c)).isEqualTo(Endpoint.ofIp(IpAddress.parse("10.0.0.9")));
  }
}
