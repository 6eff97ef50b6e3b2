package dev.tcpmap.packet;

import dev.tcpmap.capture.testnet.Discard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * The traffic of the live capture tests, run inside a test network namespace.
 *
 * <pre>
 * LivePeer server            TCP sinks on 443, 8443, 8080; a UDP "DNS" answerer on 53
 * LivePeer client V4 V6      per address: one connection to each TCP port, 3 UDP queries
 * </pre>
 *
 * Per address the client sends to 8443 one TLS-like record (16 03 01, 45 bytes) then 100 plain
 * bytes; to 8080 two plain writes of 100 bytes; to 443 three plain writes of 50 bytes; each write
 * 20 ms apart with TCP_NODELAY, so each is one segment. The server answers each UDP datagram with
 * 60 bytes from port 53. Prints {@code ready} / {@code done}; every loop is bounded.
 */
public final class LivePeer {
  static final int[] TCP_PORTS = {443, 8443, 8080};
  static final int QUERIES = 3;

  private LivePeer() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("server")) {
      server();
    } else {
      for (int i = 1; i < args.length; i++) {
        client(InetAddress.getByName(args[i]));
      }
      System.out.println("done");
    }
  }

  private static void server() throws IOException {
    for (int port : TCP_PORTS) {
      Discard.start(port);
    }
    DatagramSocket dns = new DatagramSocket(53);
    System.out.println("ready");
    byte[] buffer = new byte[512];
    while (true) {
      DatagramPacket query = new DatagramPacket(buffer, buffer.length);
      dns.receive(query);
      dns.send(new DatagramPacket(new byte[60], 60, query.getSocketAddress()));
    }
  }

  private static void client(InetAddress server) throws Exception {
    byte[] record = new byte[45];
    record[0] = 0x16;
    record[1] = 3;
    record[2] = 1;
    record[4] = 40;
    send(server, 8443, record, new byte[100]);
    send(server, 8080, new byte[100], new byte[100]);
    send(server, 443, new byte[50], new byte[50], new byte[50]);
    try (DatagramSocket udp = new DatagramSocket()) {
      udp.setSoTimeout(2000);
      for (int i = 0; i < QUERIES; i++) {
        udp.send(new DatagramPacket(new byte[30], 30, new InetSocketAddress(server, 53)));
        udp.receive(new DatagramPacket(new byte[512], 512));
      }
    }
  }

  private static void send(InetAddress server, int port, byte[]... writes) throws Exception {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(server, port), 2000);
      OutputStream out = socket.getOutputStream();
      for (byte[] write : writes) {
        out.write(Arrays.copyOf(write, write.length));
        out.flush();
        Thread.sleep(20);
      }
    }
  }
}
