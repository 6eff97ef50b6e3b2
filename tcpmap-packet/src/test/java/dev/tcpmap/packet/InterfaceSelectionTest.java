package dev.tcpmap.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.packet.linux.Link;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class InterfaceSelectionTest {
  private static final Link ETH0 = new Link("eth0", 2, true, false, 1, "virtio_net", "virtio0");
  private static final Link VETH = new Link("cali12ab", 9, true, false, 1, "veth", "");
  private static final Link BRIDGE = new Link("cni0", 4, true, false, 1, "bridge", "N/A");
  private static final Link TUNL = new Link("tunl0", 5, false, false, 768, "ipip", "");
  private static final Link LO = new Link("lo", 1, true, true, 772, "", "");

  /** The names of the links above that {@code selection} takes, in the order above. */
  private static List<String> selected(String selection) {
    InterfaceSelection parsed = InterfaceSelection.parse(selection);
    return Stream.of(ETH0, VETH, BRIDGE, TUNL, LO).filter(parsed::selects).map(Link::name).toList();
  }

  @Test
  void parse_any_selectsEverything() {
    assertThat(selected("any")).containsExactly("eth0", "cali12ab", "cni0", "tunl0", "lo");
  }

  @Test
  void parse_auto_selectsBusDevicesAndVeths() {
    assertThat(selected("auto")).containsExactly("eth0", "cali12ab");
  }

  @Test
  void parse_namesAndGlobs_matchWholeNames() {
    assertThat(selected("eth0, cali*")).containsExactly("eth0", "cali12ab");
    assertThat(InterfaceSelection.parse("eth").selects(ETH0)).isFalse();
    assertThat(InterfaceSelection.parse("eth?").selects(ETH0)).isTrue();
  }

  @Test
  void parse_regex_matchesWholeName() {
    assertThat(InterfaceSelection.parse("~(eth|tunl)\\d").selects(TUNL)).isTrue();
    assertThat(InterfaceSelection.parse("~eth").selects(ETH0)).isFalse();
  }

  @Test
  void parse_bad_namesTheProblem() {
    assertThatThrownBy(() -> InterfaceSelection.parse(" "))
        .hasMessage("interfaces: empty (use any, auto, names or ~regex)");
    assertThatThrownBy(() -> InterfaceSelection.parse("eth0,a b"))
        .hasMessage("interfaces: not an interface name or glob: a b");
    assertThatThrownBy(() -> InterfaceSelection.parse("~("))
        .hasMessageStartingWith("interfaces: bad regex");
  }

  @Test
  void auto_bridgeWithBusInfoNA_isNotSelected() {
    assertThat(InterfaceSelection.parse("auto").selects(BRIDGE)).isFalse();
  }
}
