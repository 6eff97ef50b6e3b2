package dev.tcpmap.kubernetes.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final IpAddress IP = IpAddress.parse("10.0.0.1");
  private static final IpAddress OTHER = IpAddress.parse("10.0.0.2");

  private static Endpoint named(String name) {
    return new Endpoint(IP, Endpoint.Kind.POD, name, "ns");
  }

  private final Tombstones tombstones = new Tombstones(Duration.ofNanos(100), 10);
  private final History<IpAddress> history = new History<>(tombstones);

  @Test
  void at_firstOwner_heldItSinceEver() {
    history.claim(IP, "a", named("a"), 1_000);

    assertThat(history.at(IP, Long.MIN_VALUE + 1)).isEqualTo(named("a"));
    assertThat(history.at(IP, 5_000)).isEqualTo(named("a"));
    assertThat(history.at(OTHER, 5_000)).isNull();
  }

  @Test
  void claim_otherOwner_handsOverAtTheClaim() {
    history.claim(IP, "a", named("a"), 1_000);
    history.claim(IP, "b", named("b"), 2_000);

    assertThat(history.at(IP, 1_999)).isEqualTo(named("a"));
    assertThat(history.at(IP, 2_000)).isEqualTo(named("b"));
    assertThat(tombstones.size()).isEqualTo(1);
  }

  @Test
  void claim_ownerThatLostTheKey_cannotTakeItBack() {
    history.claim(IP, "a", named("a"), 1_000);
    history.claim(IP, "b", named("b"), 2_000);
    history.claim(IP, "a", named("a"), 3_000);

    assertThat(history.at(IP, 4_000)).isEqualTo(named("b"));
  }

  @Test
  void claim_sameOwner_updatesTheNameInPlace() {
    history.claim(IP, "a", named("a"), 1_000);
    history.claim(IP, "a", named("a2"), 2_000);

    assertThat(history.at(IP, 0)).isEqualTo(named("a2"));
    assertThat(tombstones.size()).isZero();
  }

  @Test
  void release_thenNobody_leavesAGapUntilTheNextOwner() {
    history.claim(IP, "a", named("a"), 1_000);
    history.release(IP, "a", 2_000);

    assertThat(history.at(IP, 1_500)).isEqualTo(named("a"));
    assertThat(history.at(IP, 2_500)).isNull();

    history.claim(IP, "b", named("b"), 3_000);
    // seen late: the next owner is taken to have had the address since the last one left
    assertThat(history.at(IP, 2_500)).isEqualTo(named("b"));
  }

  @Test
  void release_byAnOwnerThatNoLongerHoldsIt_changesNothing() {
    history.claim(IP, "a", named("a"), 1_000);
    history.claim(IP, "b", named("b"), 2_000);
    history.release(IP, "a", 3_000);

    assertThat(history.at(IP, 4_000)).isEqualTo(named("b"));
    assertThat(tombstones.size()).isEqualTo(1);
  }

  @Test
  void purge_afterTheGrace_forgetsTheTombstoneOnly() {
    history.claim(IP, "a", named("a"), 1_000);
    history.claim(IP, "b", named("b"), 2_000);

    tombstones.purge(2_099);
    assertThat(history.at(IP, 1_500)).isEqualTo(named("a"));

    tombstones.purge(2_100);
    assertThat(history.at(IP, 1_500)).isNull();
    assertThat(history.at(IP, 2_000)).isEqualTo(named("b"));
    assertThat(tombstones.dropped()).isZero();
  }

  @Test
  void purge_lastTombstoneOfAKey_removesTheKey() {
    history.claim(IP, "a", named("a"), 1_000);
    history.release(IP, "a", 2_000);

    tombstones.purge(3_000);

    assertThat(history.keys()).isZero();
  }

  @Test
  void add_beyondTheBound_dropsTheOldestAndCountsIt() {
    Tombstones two = new Tombstones(Duration.ofHours(1), 2);
    History<IpAddress> h = new History<>(two);
    h.claim(IP, "a", named("a"), 1_000);
    h.claim(IP, "b", named("b"), 2_000);
    h.claim(IP, "c", named("c"), 3_000);
    h.claim(IP, "d", named("d"), 4_000);

    assertThat(two.size()).isEqualTo(2);
    assertThat(two.dropped()).isEqualTo(1);
    assertThat(h.at(IP, 1_500)).isNull();
    assertThat(h.at(IP, 2_500)).isEqualTo(named("b"));
    assertThat(h.at(IP, 3_500)).isEqualTo(named("c"));
    assertThat(h.at(IP, 4_500)).isEqualTo(named("d"));
  }

  @Test
  void add_withNoTombstonesAllowed_keepsOnlyCurrentOwners() {
    Tombstones none = new Tombstones(Duration.ofHours(1), 0);
    History<IpAddress> h = new History<>(none);
    h.claim(IP, "a", named("a"), 1_000);
    h.claim(IP, "b", named("b"), 2_000);

    assertThat(h.at(IP, 1_500)).isNull();
    assertThat(h.at(IP, 2_500)).isEqualTo(named("b"));
    assertThat(none.dropped()).isEqualTo(1);
  }
}
