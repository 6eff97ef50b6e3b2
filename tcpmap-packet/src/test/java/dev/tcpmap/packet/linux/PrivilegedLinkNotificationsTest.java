package dev.tcpmap.packet.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.testnet.Commands;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.core.testing.Privileged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rtnetlink socket against a real kernel, in a test namespace: what {@code ip link} does there
 * arrives as parsed messages, an overflowing receive buffer arrives as one {@link
 * LinkMessage.Lost}, and changes in other namespaces do not arrive at all.
 */
@Tag("privileged")
class PrivilegedLinkNotificationsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @BeforeEach
  void requireRootAndIp() {
    Privileged.requireRoot();
    Privileged.requireCommand("ip");
  }

  @Test
  void drain_vethAddedSetUpDeleted_changedUpAndRemoved() throws Exception {
    try (TestNetwork network = TestNetwork.create(1, 1)) {
      String ns = network.namespace(Side.A);
      InNamespace.call(
          ns,
          () -> {
            try (LinkNotifications notifications = LinkNotifications.open();
                Poller poller = new Poller()) {
              ip(ns, "link add tmln0 type veth peer name tmln1");
              List<LinkMessage> added = await(notifications, poller, named("tmln0", false));
              ip(ns, "link set tmln0 up");
              List<LinkMessage> up = await(notifications, poller, named("tmln0", true));
              ip(ns, "link delete tmln0");
              List<LinkMessage> deleted =
                  await(
                      notifications,
                      poller,
                      m -> m instanceof LinkMessage.Removed r && r.name().equals("tmln1"));

              assertThat(added).anyMatch(named("tmln1", false));
              assertThat(up).noneMatch(LinkMessage.Malformed.class::isInstance);
              assertThat(deleted)
                  .filteredOn(LinkMessage.Removed.class::isInstance)
                  .extracting(m -> ((LinkMessage.Removed) m).name())
                  .containsExactlyInAnyOrder("tmln0", "tmln1");
              var changed =
                  (LinkMessage.Changed) up.stream().filter(named("tmln0", true)).findFirst().get();
              assertThat(deleted).contains(new LinkMessage.Removed(changed.index(), "tmln0"));
            }
            return null;
          });
    }
  }

  @Test
  void drain_otherNamespaceChanges_nothing() throws Exception {
    try (TestNetwork network = TestNetwork.create(1, 1)) {
      String a = network.namespace(Side.A);
      String b = network.namespace(Side.B);
      InNamespace.call(
          a,
          () -> {
            try (LinkNotifications notifications = LinkNotifications.open();
                Poller poller = new Poller()) {
              ip(b, "link add tmln0 type veth peer name tmln1");
              ip(b, "link set tmln0 up");
              ip(a, "link add tmmark type veth peer name tmmark1"); // the end, in our namespace
              List<LinkMessage> seen = await(notifications, poller, named("tmmark", false));

              assertThat(seen)
                  .allMatch(
                      m -> m instanceof LinkMessage.Changed c && c.name().startsWith("tmmark"));
            }
            return null;
          });
    }
  }

  @Test
  void drain_moreChangesThanTheReceiveBufferHolds_lostThenTheRest(@TempDir Path dir)
      throws Exception {
    // Each MTU change is one RTM_NEWLINK of about 1.5 KB (2–4 KB of buffer with its overhead);
    // the default receive buffer (net.core.rmem_default, 208 KiB here) holds about a hundred.
    List<String> changes = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      changes.add("link set dev tmln0 mtu " + (i % 2 == 0 ? 1400 : 1500));
    }
    Path batch = Files.write(dir.resolve("mtu.batch"), changes);
    try (TestNetwork network = TestNetwork.create(1, 1)) {
      String ns = network.namespace(Side.A);
      InNamespace.call(
          ns,
          () -> {
            ip(ns, "link add tmln0 type veth peer name tmln1");
            try (LinkNotifications notifications = LinkNotifications.open();
                Poller poller = new Poller()) {
              Commands.run("ip", "-n", ns, "-batch", batch.toString());
              List<LinkMessage> seen = new ArrayList<>(notifications.drain());
              // The buffer was full until now: a marker sent earlier would have been lost too.
              ip(ns, "link add tmmark type veth peer name tmmark1");
              seen.addAll(await(notifications, poller, named("tmmark", false)));

              assertThat(seen)
                  .filteredOn(LinkMessage.Lost.class::isInstance)
                  .containsExactly(new LinkMessage.Lost("No buffer space available"));
              assertThat(seen)
                  .filteredOn(LinkMessage.Changed.class::isInstance)
                  .hasSizeLessThan(changes.size());
              assertThat(seen).noneMatch(LinkMessage.Malformed.class::isInstance);
              assertThat(notifications.drain()).isEmpty();
            }
            return null;
          });
    }
  }

  private static Predicate<LinkMessage> named(String name, boolean up) {
    return m -> m instanceof LinkMessage.Changed c && c.name().equals(name) && c.up() == up;
  }

  /** Messages until one matches {@code wanted} (included), polling at most {@link #WAIT}. */
  private static List<LinkMessage> await(
      LinkNotifications notifications, Poller poller, Predicate<LinkMessage> wanted) {
    List<LinkMessage> seen = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (seen.stream().noneMatch(wanted) && System.nanoTime() - deadline < 0) {
      poller.poll(List.of(), notifications.fd(), 100);
      if (poller.notificationEvents() != 0) {
        seen.addAll(notifications.drain());
      }
    }
    assertThat(seen).as("link notifications within %s", WAIT).anyMatch(wanted);
    return seen;
  }

  private static void ip(String namespace, String args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("ip", "-n", namespace));
    argv.addAll(List.of(args.split(" ")));
    Commands.run(Duration.ofSeconds(20), argv);
  }
}
