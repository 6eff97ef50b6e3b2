package dev.tcpmap.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.testing.Privileged;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Without CAP_NET_RAW, starting capture fails with one typed, readable error. */
@Tag("privileged")
class PrivilegedNoCapNetRawTest {
  @Test
  void start_withoutCapNetRaw_failsWithPermissionAndNoStackTrace() throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("capsh");
    List<String> java = TestPeers.java();
    java.set(java.size() - 1, CaptureProbe.class.getName()); // replaces LivePeer
    List<String> argv = new ArrayList<>(List.of("capsh", "--drop=cap_net_raw", "--"));
    argv.add("-c");
    argv.add("exec " + String.join(" ", java.stream().map(a -> "'" + a + "'").toList()));
    Process process = new ProcessBuilder(argv).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(stdout + stderr).isEqualTo(3);
    assertThat(stderr.strip())
        .isEqualTo(
            "PERMISSION: cannot open a packet socket on lo: Operation not permitted. Live capture"
                + " needs CAP_NET_RAW: run as root or grant the capability (Kubernetes:"
                + " securityContext.capabilities.add: [NET_RAW])");
  }
}
