package dev.tcpmap.capture.testnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class TcpdumpTest {

  @Test
  void parseStats_tcpdumpExitText_readsTheThreeCounters() throws IOException {
    String stderr =
        """
        tcpdump: listening on tm-a, link-type EN10MB (Ethernet), snapshot length 262144 bytes
        61492 packets captured
        61493 packets received by filter
        1 packet dropped by kernel
        """;

    assertThat(Tcpdump.parseStats(stderr)).isEqualTo(new Tcpdump.Stats(61492, 61493, 1));
  }

  @Test
  void parseStats_noCounters_failsWithTheText() {
    assertThatThrownBy(() -> Tcpdump.parseStats("tcpdump: tm-a: No such device exists"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No such device");
  }
}
