package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.query.cluster.MissingPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class K8spacketJsonHeaderTest {
  private static MissingPeer missing(String name) {
    return new MissingPeer(
        new Peer(name, "node", "10.0.0.1", 6676), MissingPeer.Reason.TIMEOUT, "no answer");
  }

  @Test
  void missingPeersHeader_none_isAbsent() {
    assertThat(K8spacketJson.missingPeersHeader(List.of())).isEmpty();
  }

  @Test
  void missingPeersHeader_namesCommaSeparated() {
    assertThat(
            K8spacketJson.missingPeersHeader(
                List.of(missing("tcpmap-7x2kq"), missing("tcpmap-9bb4z"))))
        .isEqualTo(Map.of("X-Tcpmap-Missing-Peers", "tcpmap-7x2kq,tcpmap-9bb4z"));
  }

  @Test
  void missingPeersHeader_oddCharacters_arePercentEncoded() {
    assertThat(K8spacketJson.missingPeersHeader(List.of(missing("a,b\r\nX: ü"))))
        .containsEntry("X-Tcpmap-Missing-Peers", "a%2Cb%0D%0AX:%20%C3%BC");
  }
}
