package dev.tcpmap.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.live.LiveStore;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureFeedTest {
  private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

  private static DnsName name(String name) {
    return new DnsName(IpAddress.parse("198.51.100.1"), name, T0, Duration.ofSeconds(60));
  }

  @Test
  void fullQueue_dropsWithoutBlocking_andCountsQueueFull() {
    CaptureFeed feed = new CaptureFeed(1, Duration.ofMinutes(5));
    LiveStore store = new LiveStore(10, 10, InstantSource.fixed(T0));

    feed.name(name("a.test"));
    feed.name(name("b.test"));
    feed.finish();
    feed.drainTo(store);
    store.publish();

    assertThat(store.snapshot().names()).extracting(DnsName::name).containsExactly("a.test");
    assertThat(feed.lossTotals()).containsEntry("capture/queue-full", 1L);
  }

  @Test
  void kernelDrops_areTotalsBySource() {
    CaptureFeed feed = new CaptureFeed(CaptureFeed.QUEUE_CAPACITY, Duration.ofMinutes(5));

    feed.lost("capture/kernel-drops", 5);
    feed.lost("capture/kernel-drops", 2);
    feed.finish();

    assertThat(feed.lossTotals()).containsExactly(Map.entry("capture/kernel-drops", 7L));
  }
}
