package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCheckTest {
  private static InetAddress address(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal); // a literal: no lookup
  }

  @Test
  void loopbackBind_passesOnlyTheLoopbackNames() throws UnknownHostException {
    HostCheck check = HostCheck.of(address("127.0.0.1"), List.of());

    assertThat(check.on()).isTrue();
    assertThat(List.of("localhost", "LOCALHOST:6676", "127.0.0.1:6676", "[::1]:80", "localhost."))
        .allMatch(check::allows);
    assertThat(
            List.of(
                "evil.example",
                "evil.example:6676",
                "localhost.evil.example",
                "127.0.0.2",
                "10.0.0.1",
                "[::2]"))
        .noneMatch(check::allows);
    assertThat(check.allows(null)).as("HTTP/1.0 without Host").isTrue();
  }

  @Test
  void loopbackBind_allowedNamesPassToo() throws UnknownHostException {
    HostCheck check = HostCheck.of(address("::1"), List.of("tcpmap.example", "[fd00::1]"));

    assertThat(List.of("tcpmap.example:8080", "[::1]:6676", "[fd00::1]")).allMatch(check::allows);
    assertThat(check.allows("other.example")).isFalse();
  }

  @Test
  void otherBind_isOffUnlessNamesAreGiven() throws UnknownHostException {
    HostCheck off = HostCheck.of(address("0.0.0.0"), List.of());
    HostCheck on = HostCheck.of(address("0.0.0.0"), List.of("tcpmap.monitoring.svc"));

    assertThat(off.on()).isFalse();
    assertThat(off.allows("evil.example")).isTrue();
    assertThat(on.on()).isTrue();
    assertThat(List.of("tcpmap.monitoring.svc:6676", "10.1.2.3:6676", "[fd00::7]", "localhost"))
        .allMatch(on::allows);
    assertThat(List.of("evil.example", "10.1.2.3.evil.example")).noneMatch(on::allows);
  }
}
