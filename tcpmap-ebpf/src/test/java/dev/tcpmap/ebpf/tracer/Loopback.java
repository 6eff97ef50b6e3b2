package dev.tcpmap.ebpf.tracer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Real TCP connections on loopback with known payloads and a chosen way of ending. */
final class Loopback {
  private Loopback() {}

  /** How a connection ends. */
  enum Ending {
    /** The client closes after the exchange; the server closes on end of stream. */
    CLIENT_FIRST,
    /** The server closes after the exchange; the client closes on end of stream. */
    SERVER_FIRST,
    /** The client shuts down its output after sending; the server answers, then closes. */
    HALF_CLOSE,
    /** The client aborts with SO_LINGER 0 after the exchange: an RST. */
    RESET
  }

  /** The ports of one connection. */
  record Ports(int client, int server) {}

  /**
   * One connection: the client sends {@code up} bytes, the server {@code down} bytes, both read
   * everything, then it ends as {@code ending} says. Returns when both sockets are closed.
   */
  static Ports exchange(InetAddress address, int up, int down, Ending ending) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ServerSocket server = new ServerSocket(0, 50, address)) {
      // An RST discards what the peer has not read yet: the client aborts only after the server
      // has read everything (with nothing coming back, reading cannot tell it).
      CountDownLatch served = new CountDownLatch(1);
      Future<?> serverSide = pool.submit(() -> serve(server, up, down, ending, served));
      int clientPort;
      try (Socket client = new Socket()) {
        client.connect(new InetSocketAddress(address, server.getLocalPort()), 5000);
        client.setSoTimeout(20_000);
        clientPort = client.getLocalPort();
        write(client.getOutputStream(), up);
        if (ending == Ending.HALF_CLOSE) {
          client.shutdownOutput();
        }
        readExactly(client.getInputStream(), down);
        switch (ending) {
          case CLIENT_FIRST, HALF_CLOSE -> {
            if (ending == Ending.HALF_CLOSE) {
              expectEnd(client.getInputStream());
            }
          }
          case SERVER_FIRST -> expectEnd(client.getInputStream());
          case RESET -> {
            if (!served.await(20, TimeUnit.SECONDS)) {
              throw new IOException("the server did not read the payload within 20 s");
            }
            client.setSoLinger(true, 0);
          }
        }
      }
      serverSide.get(30, TimeUnit.SECONDS);
      return new Ports(clientPort, server.getLocalPort());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void serve(
      ServerSocket server, int up, int down, Ending ending, CountDownLatch served)
      throws IOException {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(20_000);
      readExactly(socket.getInputStream(), up);
      if (ending == Ending.HALF_CLOSE) {
        expectEnd(socket.getInputStream());
      }
      write(socket.getOutputStream(), down);
      served.countDown();
      switch (ending) {
        case CLIENT_FIRST -> expectEnd(socket.getInputStream());
        case SERVER_FIRST, HALF_CLOSE -> {}
        case RESET -> {
          try {
            expectEnd(socket.getInputStream());
            throw new IOException("expected a reset, got the end of the stream");
          } catch (SocketException reset) {
            // the client's RST
          }
        }
      }
    }
    return null;
  }

  /** A connect to a port nobody listens on: the kernel answers the SYN with RST. */
  static int refused(InetAddress address) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, address)) {
      port = probe.getLocalPort();
    }
    try (Socket client = new Socket()) {
      client.bind(new InetSocketAddress(address, 0));
      int clientPort = client.getLocalPort();
      try {
        client.connect(new InetSocketAddress(address, port), 5000);
        throw new IOException("connect to closed port " + port + " succeeded");
      } catch (java.net.ConnectException expected) {
        return clientPort;
      }
    }
  }

  static void write(OutputStream out, int bytes) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    for (int left = bytes; left > 0; ) {
      int n = Math.min(left, chunk.length);
      out.write(chunk, 0, n);
      left -= n;
    }
    out.flush();
  }

  static void readExactly(InputStream in, int bytes) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int left = bytes; left > 0; ) {
      int n = in.read(buffer, 0, Math.min(left, buffer.length));
      if (n < 0) {
        throw new IOException("end of stream with " + left + " bytes still expected");
      }
      left -= n;
    }
  }

  static void expectEnd(InputStream in) throws IOException {
    if (in.read() != -1) {
      throw new IOException("expected the end of the stream, got a byte");
    }
  }
}
