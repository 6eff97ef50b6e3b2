package dev.tcpmap.ebpf.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivilegesTest {
  @Test
  void root_isEnough() {
    assertThat(Privileges.missing("Name:\tjava\nUid:\t0\t0\t0\t0\nCapEff:\t0000000000000000\n"))
        .isEmpty();
  }

  @Test
  void bpfAndPerfmonCapabilities_areEnough() {
    assertThat(Privileges.missing("Uid:\t1000\t1000\t1000\t1000\nCapEff:\t000000c000000000\n"))
        .isEmpty();
  }

  @Test
  void plainUser_isToldWhatToGrant() {
    assertThat(Privileges.missing("Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000004000000000\n"))
        .hasValueSatisfying(m -> assertThat(m).contains("CAP_BPF").contains("setcap"));
  }
}
