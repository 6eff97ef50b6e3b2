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

  /** {@code owner} claims {@link #IP} under its own name. */
  private static void claim(History<IpAddress> history, String owner, long at) {
    history.claim(IP, owner, named(owner), at);
  }

  private static void assertHeld(History<IpAddress> history, long at, String owner) {
    assertThat(history.at(IP, at)).as("owner at %d", at).isEqualTo(named(owner));
  }

  private static void assertFree(History<IpAddress> history, long at) {
    assertThat(history.at(IP, at)).as("owner at %d", at).isNull();
  }

  private final Tombstones tombstones = new Tombstones(Duration.ofNanos(100), 10);
  private final History<IpAddress> history = new History<>(tombstones);

  /** Each owner claims {@link #IP} in turn: the first at 1 µs, the next at 2 µs, and so on. */
  private static void claimInTurn(History<IpAddress> history, String... owners) {
    for (int i = 0; i < owners.length; i++) {
      claim(history, owners[i], (i + 1) * 1_000L);
    }
  }

  /** "a" holds {@link #IP} from 1 µs and lets it go at 2 µs. */
  private void heldByAUntilReleased() {
    claim(history, "a", 1_000);
    history.release(IP, "a", 2_000);
  }

  @Test
  void at_firstOwner_heldItSinceEver() {
    claim(history, "a", 1_000);

    assertThat(history.at(IP, Long.MIN_VALUE + 1)).isEqualTo(named("a"));
    assertHeld(history, 5_000, "a");
    assertThat(history.at(OTHER, 5_000)).isNull();
  }

  @Test
  void claim_otherOwner_handsOverAtTheClaim() {
    claimInTurn(history, "a", "b");

    assertHeld(history, 1_999, "a");
    assertHeld(history, 2_000, "b");
    assertThat(tombstones.size()).isEqualTo(1);
  }

  @Test
  void claim_ownerThatLostTheKey_cannotTakeItBack() {
    claimInTurn(history, "a", "b", "a");

    assertHeld(history, 4_000, "b");
  }

  @Test
  void claim_sameOwner_updatesTheNameInPlace() {
    claim(history, "a", 1_000);
    history.claim(IP, "a", named("a2"), 2_000);

    assertHeld(history, 0, "a2");
    assertThat(tombstones.size()).isZero();
  }

  @Test
  void release_thenNobody_leavesAGapUntilTheNextOwner() {
    heldByAUntilReleased();

    assertHeld(history, 1_500, "a");
    assertFree(history, 2_500);

    claim(history, "b", 3_000);
    // seen late: the next owner is taken to have had the address since the last one left
    assertHeld(history, 2_500, "b");
  }

  @Test
  void release_byAnOwnerThatNoLongerHoldsIt_changesNothing() {
    claimInTurn(history, "a", "b");
    history.release(IP, "a", 3_000);

    assertHeld(history, 4_000, "b");
    assertThat(tombstones.size()).isEqualTo(1);
  }

  @Test
  void purge_afterTheGrace_forgetsTheTombstoneOnly() {
    claimInTurn(history, "a", "b");

    tombstones.purge(2_099);
    assertHeld(history, 1_500, "a");

    tombstones.purge(2_100);
    assertFree(history, 1_500);
    assertHeld(history, 2_000, "b");
    assertThat(tombstones.dropped()).isZero();
  }

  @Test
  void purge_lastTombstoneOfAKey_removesTheKey() {
    heldByAUntilReleased();

    tombstones.purge(3_000);

    assertThat(history.keys()).isZero();
  }

  @Test
  void add_beyondTheBound_dropsTheOldestAndCountsIt() {
    Tombstones two = new Tombstones(Duration.ofHours(1), 2);
    History<IpAddress> h = new History<>(two);
    claimInTurn(h, "a", "b", "c", "d");

    assertThat(two.size()).isEqualTo(2);
    assertThat(two.dropped()).isEqualTo(1);
    assertFree(h, 1_500);
    assertHeld(h, 2_500, "b");
    assertHeld(h, 3_500, "c");
    assertHeld(h, 4_500, "d");
  }

  @Test
  void add_withNoTombstonesAllowed_keepsOnlyCurrentOwners() {
    Tombstones none = new Tombstones(Duration.ofHours(1), 0);
    History<IpAddress> h = new History<>(none);
    claimInTurn(h, "a", "b");

    assertFree(h, 1_500);
    assertHeld(h, 2_500, "b");
    assertThat(none.dropped()).isEqualTo(1);
  }
}
