package dev.tcpmap.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.packet.linux.Link;
import org.junit.jupiter.api.Test;

class InterfaceSelectionTest {
  private static final Link ETH0 = new Link("eth0", 2, true, false, 1, "virtio_net", "virtio0");
  private static final Link VETH = new Link("cali12ab", 9, true, false, 1, "veth", "");
  private static final Link BRIDGE = new Link("cni0", 4, true, false, 1, "bridge", "N/A");
  private static final Link TUNL = new Link("tunl0", 5, false, false, 768, "ipip", "");
  private static final Link LO = new Link("lo", 1, true, true, 772, "", "");

  @Test
  void parse_any_selectsEverything() {
    InterfaceSelection any = InterfaceSelection.parse("any");

    assertThat(any.selects(ETH0) && any.selects(VETH) && any.selects(TUNL) && any.selects(LO))
        .isTrue();
  }

  @Test
  void parse_auto_selectsBusDevicesAndVeths() {
    InterfaceSelection auto = InterfaceSelection.parse("auto");

    assertThat(auto.selects(ETH0)).isTrue();
    assertThat(auto.selects(VETH)).isTrue();
    assertThat(auto.selects(TUNL)).isFalse();
    assertThat(auto.selects(LO)).isFalse();
  }

  @Test
  void parse_namesAndGlobs_matchWholeNames() {
    InterfaceSelection names = InterfaceSelection.parse("eth0, cali*");

    assertThat(names.selects(ETH0)).isTrue();
    assertThat(names.selects(VETH)).isTrue();
    assertThat(names.selects(TUNL)).isFalse();
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
