package dev.tcpmap.ebpf.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.testing.Privileged;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Preflight on this machine: it passes as root, mounting tracefs if it was not mounted and the
 * kernel has no kprobes.
 */
@Tag("privileged")
class PrivilegedPreflightTest {
  @Test
  void check_root_passesAndTracepointIdReadable() throws Exception {
    Privileged.requireRoot();

    Preflight.check();

    Host host = Host.real();
    if (!host.exists(
        Preflight.KPROBE_PMU)) { // tracefs is needed (and checked) only without kprobes
      var id = Preflight.libbpfTracefs(host).resolve(Preflight.EVENT_ID);
      assertThat(Integer.parseInt(Files.readString(id).strip())).isPositive();
    }
  }
}
