package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.dns.DnsMessage;
import dev.tcpmap.capture.dns.DnsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * UDP traffic of known sizes for the privileged tests, run in a namespace by {@link PeerProcess}.
 *
 * <ul>
 *   <li>{@code server PORT}: one dual-stack socket on {@code [::]:PORT}; prints {@code ready} once
 *       bound, then answers every datagram with as many bytes as its first 4 bytes ask (none for
 *       0). Ends when its stdin ends.
 *   <li>{@code client connected|unconnected HOST PORT SENT:ASKED...}: from one socket, sends each
 *       datagram of SENT bytes (at least 4) asking for ASKED bytes back, and waits up to 5 s for
 *       the answer when ASKED is not 0; prints {@code received N} per answer, then {@code local
 *       PORT} (its port).
 *   <li>{@code dns HOST ID NAME WAIT_MILLIS}: sends an A query for NAME with id ID to HOST:53 and
 *       waits up to WAIT_MILLIS for the response; prints {@code local PORT}, then {@code rcode N}
 *       or {@code unanswered}.
 * </ul>
 */
public final class UdpPeer {
  private static final int REPLY_WAIT_MILLIS = 5_000;

  private UdpPeer() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "server" -> serve(Integer.parseInt(args[1]));
      case "client" ->
          exchange(
              args[1].equals("connected"),
              new InetSocketAddress(InetAddress.getByName(args[2]), Integer.parseInt(args[3])),
              List.of(args).subList(4, args.length));
      case "dns" ->
          dns(
              InetAddress.getByName(args[1]),
              Integer.parseInt(args[2]),
              args[3],
              Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("unknown mode: " + args[0]);
    }
  }

  private static void serve(int port) throws IOException {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
    channel.bind(new InetSocketAddress(InetAddress.getByName("::"), port));
    Thread.startVirtualThread(
        () -> {
          try (InputStream in = System.in) {
            while (in.read() >= 0) {
              // Until the test closes stdin: its signal to stop.
            }
          } catch (IOException e) {
            // Stop as well.
          }
          System.exit(0);
        });
    System.out.println("ready");
    System.out.flush();
    ByteBuffer in = ByteBuffer.allocate(65_536);
    while (true) {
      in.clear();
      var from = channel.receive(in);
      in.flip();
      int asked = in.remaining() >= 4 ? in.getInt(0) : 0;
      if (asked > 0) {
        channel.send(ByteBuffer.allocate(asked), from);
      }
    }
  }

  private static void exchange(boolean connected, InetSocketAddress server, List<String> plan)
      throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      if (connected) {
        channel.connect(server);
      }
      var socket = channel.socket();
      socket.setSoTimeout(REPLY_WAIT_MILLIS);
      for (String step : plan) {
        String[] sizes = step.split(":");
        int asked = Integer.parseInt(sizes[1]);
        ByteBuffer out = ByteBuffer.allocate(Integer.parseInt(sizes[0])).putInt(0, asked);
        if (connected) {
          channel.write(out);
        } else {
          channel.send(out, server); // the first send binds an ephemeral port
        }
        if (asked > 0) {
          DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
          socket.receive(packet);
          System.out.println("received " + packet.getLength());
        }
      }
      System.out.println("local " + ((InetSocketAddress) channel.getLocalAddress()).getPort());
    }
    System.out.flush();
  }

  private static void dns(InetAddress server, int id, String name, int waitMillis)
      throws Exception {
    try (var socket = new DatagramSocket()) {
      System.out.println("local " + socket.getLocalPort());
      byte[] query = new DnsWriter(id, DnsWriter.QUERY, true).question(name, 1).bytes();
      socket.send(new DatagramPacket(query, query.length, server, 53));
      socket.setSoTimeout(waitMillis);
      byte[] reply = new byte[4_096];
      DatagramPacket packet = new DatagramPacket(reply, reply.length);
      try {
        socket.receive(packet);
        DnsMessage message = DnsMessage.parse(reply, 0, packet.getLength());
        System.out.println("rcode " + message.rcode());
      } catch (SocketTimeoutException e) {
        System.out.println("unanswered");
      }
    }
    System.out.flush();
  }
}
