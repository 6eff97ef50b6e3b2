package dev.tcpmap.server.cli;

import dev.tcpmap.capture.testnet.Commands;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A peer process for tests that need connections made by processes of their own (their own cgroup,
 * their own network namespace). {@code serve ADDRESS PORT COUNT}: listens, prints {@code
 * listening}, then answers COUNT connections (reads the request to its end, writes {@link #ANSWER}
 * bytes, closes) and exits. {@code connect ADDRESS PORT COUNT}: makes COUNT connections one after
 * the other (writes {@link #REQUEST} bytes, half-closes, reads the answer to its end), prints
 * {@code done} and exits.
 */
public final class EchoPeer {
  static final int REQUEST = 1000;
  static final int ANSWER = 3000;

  private EchoPeer() {}

  /**
   * Starts a peer in {@code side}'s network namespace as a process of the cgroup {@code cgroup}:
   * {@code mode} {@code serve} or {@code connect}, its stderr into {@code stderr}.
   */
  static Process start(
      TestNetwork network,
      Side side,
      Path cgroup,
      String mode,
      String address,
      int port,
      int count,
      Path stderr)
      throws IOException {
    List<String> argv = Commands.java(EchoPeer.class, "-Xmx64m", "-XX:+UseSerialGC");
    argv.addAll(List.of(mode, address, String.valueOf(port), String.valueOf(count)));
    return new ProcessBuilder(TestCgroups.inCgroup(cgroup, network.inNamespace(side, argv)))
        .redirectError(stderr.toFile())
        .start();
  }

  /** Waits for the peer to print {@code line}: it is listening, or its connections are done. */
  static void awaitLine(Process p, String line) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String read;
    while ((read = out.readLine()) != null) {
      if (read.equals(line)) {
        return;
      }
    }
    throw new AssertionError("the peer ended without saying " + line);
  }

  public static void main(String[] args) throws IOException {
    InetAddress address = InetAddress.getByName(args[1]);
    int port = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    if (args[0].equals("serve")) {
      serve(new InetSocketAddress(address, port), count);
    } else {
      for (int i = 0; i < count; i++) {
        try (Socket s = new Socket(address, port)) {
          s.getOutputStream().write(new byte[REQUEST]);
          s.shutdownOutput();
          drain(s.getInputStream());
        }
      }
      System.out.println("done");
    }
  }

  private static void serve(InetSocketAddress at, int count) throws IOException {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(at);
      System.out.println("listening");
      System.out.flush();
      for (int i = 0; i < count; i++) {
        try (Socket s = server.accept()) {
          drain(s.getInputStream());
          OutputStream out = s.getOutputStream();
          out.write(new byte[ANSWER]);
          s.shutdownOutput();
          drain(s.getInputStream());
        }
      }
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // the request's (or the peer's end's) bytes, discarded
    }
  }
}
