package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointTest {
  private static final IpAddress IP = IpAddress.parse("10.0.0.7");
  private static final Endpoint POD =
      new Endpoint(
          IP, Endpoint.Kind.POD, "web-1", "shop", new Endpoint.Workload("Deployment", "web"), "n1");

  @Test
  void equalWhenEveryComponentIsEqual() {
    Endpoint same =
        new Endpoint(
            IpAddress.parse("10.0.0.7"),
            Endpoint.Kind.POD,
            new String("web-1"),
            new String("shop"),
            new Endpoint.Workload("Deployment", "web"),
            new String("n1"));
    assertThat(same).isNotSameAs(POD).isEqualTo(POD).hasSameHashCodeAs(POD);
  }

  @Test
  void differentWhenAnyComponentDiffers() {
    List<Endpoint> others =
        List.of(
            new Endpoint(
                IpAddress.parse("10.0.0.8"),
                POD.kind(),
                POD.name(),
                POD.namespace(),
                POD.workload(),
                POD.node()),
            new Endpoint(
                IP, Endpoint.Kind.SERVICE, POD.name(), POD.namespace(), POD.workload(), POD.node()),
            new Endpoint(IP, POD.kind(), "web-2", POD.namespace(), POD.workload(), POD.node()),
            new Endpoint(IP, POD.kind(), POD.name(), "shop2", POD.workload(), POD.node()),
            new Endpoint(
                IP,
                POD.kind(),
                POD.name(),
                POD.namespace(),
                new Endpoint.Workload("StatefulSet", "web"),
                POD.node()),
            new Endpoint(IP, POD.kind(), POD.name(), POD.namespace(), POD.workload(), "n2"));
    for (Endpoint other : others) {
      assertThat(other).isNotEqualTo(POD);
      assertThat(POD).isNotEqualTo(other);
    }
    assertThat(POD).isNotEqualTo(null).isNotEqualTo("web-1");
  }
}
