package dev.tcpmap.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import org.junit.jupiter.api.Test;

class EndpointNamesTest {
  private static final IpAddress IP = IpAddress.parse("10.1.2.3");

  @Test
  void title_kubernetesKinds_havePrefixes() {
    assertThat(EndpointNames.title(new Endpoint(IP, Kind.POD, "web-7d4b9", "shop")))
        .isEqualTo("pod.web-7d4b9");
    assertThat(EndpointNames.title(new Endpoint(IP, Kind.SERVICE, "api", "shop")))
        .isEqualTo("svc.api");
    assertThat(EndpointNames.title(new Endpoint(IP, Kind.NODE, "worker-1", "")))
        .isEqualTo("node.worker-1");
  }

  @Test
  void title_external_isBareName() {
    assertThat(EndpointNames.title(Endpoint.ofIp(IP))).isEqualTo("10.1.2.3");
    assertThat(EndpointNames.title(new Endpoint(IP, Kind.EXTERNAL, "example.com", "")))
        .isEqualTo("example.com");
  }
}
