package dev.tcpmap.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.packet.linux.LinkNotifications;
import dev.tcpmap.packet.linux.PacketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InterfaceWatchTest {
  @Test
  void problem_notificationsRefused_saysWhyAndThatTheRescanRemains() {
    try (InterfaceWatch watch =
        new InterfaceWatch(
            () -> {
              throw new PacketException(
                  PacketException.Kind.SOCKET_FAILED,
                  1,
                  "cannot open a netlink socket for link notifications: Operation not permitted");
            },
            Duration.ofSeconds(10))) {
      assertThat(watch.problem())
          .hasValue(
              "no link notifications, new interfaces wait for the rescan every 10s: cannot open a"
                  + " netlink socket for link notifications: Operation not permitted");
      assertThat(watch.fd()).isEqualTo(-1);
      assertThat(watch.changed(1)).isFalse();
    }
  }

  @Test
  void problem_subSecondRescan_inMilliseconds() {
    try (InterfaceWatch watch =
        new InterfaceWatch(
            () -> {
              throw new PacketException(PacketException.Kind.SOCKET_FAILED, 93, "refused");
            },
            Duration.ofMillis(150))) {
      assertThat(watch.problem())
          .hasValue(
              "no link notifications, new interfaces wait for the rescan every 150ms: refused");
    }
  }

  @Test
  void changed_noPollEvents_readsNothingAndKeepsTheScanWhereItIs() {
    // Subscribing to link notifications needs no privilege; this one listens in the test's own
    // namespace and is never read.
    try (InterfaceWatch watch =
        new InterfaceWatch(LinkNotifications::open, Duration.ofSeconds(10))) {
      assertThat(watch.problem()).isEmpty();
      assertThat(watch.fd()).isNotNegative();
      assertThat(watch.changed(0)).isFalse();
    }
  }
}
