package dev.tcpmap.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.Privileged;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real dnsmasq on 127.0.0.1 at a free port, serving PTR records given on its command line and
 * authoritative (NXDOMAIN for anything else) under {@code 100.51.198.in-addr.arpa}.
 */
final class Dnsmasq implements AutoCloseable {
  private final Process process;
  final InetSocketAddress address;

  private Dnsmasq(Process process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /**
   * Starts it with {@code records} as {@code --ptr-record=} or {@code --host-record=} options. The
   * port is free for UDP when chosen, but dnsmasq binds TCP too, where it may be taken: up to five
   * ports are tried.
   */
  static Dnsmasq start(List<String> records) throws IOException, InterruptedException {
    Privileged.requireCommand("dnsmasq");
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnFreePort(records);
      } catch (PortTakenException e) {
        if (attempt == 5) {
          throw new AssertionError(e.getMessage());
        }
      }
    }
  }

  private static final class PortTakenException extends Exception {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }

  private static Dnsmasq startOnFreePort(List<String> records)
      throws IOException, InterruptedException, PortTakenException {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground"));
    command.addAll(
        List.of(
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--port=" + port,
            "--pid-file=",
            "--local=/100.51.198.in-addr.arpa/"));
    command.addAll(records);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Dnsmasq dnsmasq = new Dnsmasq(process, new InetSocketAddress("127.0.0.1", port));
    dnsmasq.awaitReady();
    return dnsmasq;
  }

  /** Asks until it answers: up to 100 tries of 100 ms. */
  private void awaitReady() throws InterruptedException, PortTakenException {
    ReverseDns probe = new ReverseDns(address, Duration.ofMillis(100));
    for (int i = 0; i < 100; i++) {
      if (!process.isAlive()) {
        String output = output();
        if (output.contains("Address already in use")) {
          throw new PortTakenException("dnsmasq: " + output);
        }
        assertThat(process.isAlive()).as("dnsmasq exited: %s", output).isTrue();
      }
      try {
        probe.lookup(IpAddress.parse("198.51.100.250"));
        return;
      } catch (IOException e) {
        Thread.sleep(100); // not listening yet: an ICMP refusal or no answer
      }
    }
    throw new AssertionError("dnsmasq did not answer on " + address + ": " + output());
  }

  private String output() {
    try {
      return process.isAlive() ? "(running)" : new String(process.getInputStream().readAllBytes());
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
