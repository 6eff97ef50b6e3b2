package dev.tcpmap.capture.testnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP discard service (RFC 863) for the traffic generators of tests and benchmarks: every
 * connection is read to its end and its bytes dropped, each on a daemon thread of its own.
 */
public final class Discard {
  private Discard() {}

  /** Listens on {@code port} of every address and serves it on a daemon thread. */
  public static ServerSocket start(int port) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(port));
    Thread.ofPlatform().daemon().start(() -> serve(listener));
    return listener;
  }

  /** Accepts on {@code listener} until it is closed. */
  public static void serve(ServerSocket listener) {
    while (true) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
        throw new UncheckedIOException(e);
      }
      Thread.ofPlatform().daemon().start(() -> drain(socket));
    }
  }

  private static void drain(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // the sender went away: nothing more to read
    }
  }
}
