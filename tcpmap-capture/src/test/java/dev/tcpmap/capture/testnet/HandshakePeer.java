package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.dns.DnsWriter;
import dev.tcpmap.capture.tls.TlsHandshakes;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * TLS and DNS peers run inside a {@link TestNetwork} namespace for {@link HandshakeCapture}; the
 * JDK makes the handshakes ({@code SSLServerSocket}, {@code SSLSocket}) with the test key store
 * {@code dev/tcpmap/capture/tls/server.p12} (see {@code TlsHandshakes} for its certificates).
 *
 * <pre>
 * tls-server PORT        TLS 1.2 and 1.3 on [::]:PORT, ALPN h2 then http/1.1; reads a line, answers
 *                        "ok"; prints "listening", stops when stdin ends
 * tls-client HOST PORT PROTOCOL SUITE SNI ALPN|- [EXTRA_ALPN_COUNT]
 *                        one handshake and exchange; prints "done LOCAL_PORT"
 * tls-client-via socks|http PROXY_HOST PROXY_PORT HOST PORT PROTOCOL SUITE SNI
 *                        the same through a proxy tunnel set up by the JDK's own SOCKS5 or HTTP
 *                        CONNECT client ({@code Socket(Proxy)}); prints "done LOCAL_PORT"
 * proxy-server PORT      a SOCKS5 (no authentication) and HTTP CONNECT proxy on [::]:PORT, told
 *                        apart by the first byte (05 or 'C'); relays to the requested address;
 *                        prints "listening", stops when stdin ends
 * plain-client HOST PORT sends an HTTP request in clear text; prints "done LOCAL_PORT"
 * dns-server             answers A/AAAA queries over UDP and TCP on [::]:53 from {@link #ZONE}
 * dns-client HOST NAME TYPE udp|tcp   one query; prints "done"
 * </pre>
 */
public final class HandshakePeer {
  /** Names the DNS server knows: a CNAME chain (name, ttl, target) ending in addresses. */
  static final Map<String, List<String>> ZONE =
      Map.of(
          "www.example.test", List.of("cname", "300", "edge.cdn.test"),
          "edge.cdn.test", List.of("cname", "120", "a1.cdn.test"),
          "a1.cdn.test", List.of("address", "60", "198.51.100.1", "2001:db8:b::1"),
          "api.example.test", List.of("cname", "90", "a2.cdn.test"),
          "a2.cdn.test", List.of("address", "30", "198.51.100.2", "2001:db8:b::2"));

  /**
   * How long a peer waits for a connect or a read before it gives up: only a guard against a hang
   * (the test bounds the whole exchange). Generous, because on a loaded machine a cold JVM on the
   * other side can take seconds per handshake step, and a 10 s read timeout in the proxy's relay
   * once cut a tunnel between the handshake and the first record.
   */
  private static final int PATIENCE = 60_000;

  private HandshakePeer() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    switch (args[0]) {
      case "tls-server" -> tlsServer(Integer.parseInt(args[1]), out);
      case "tls-client" -> tlsClient(args, out);
      case "tls-client-via" -> tlsClientVia(args, out);
      case "proxy-server" -> proxyServer(Integer.parseInt(args[1]), out);
      case "plain-client" -> plainClient(args[1], Integer.parseInt(args[2]), out);
      case "dns-server" -> dnsServer(out);
      case "dns-client" -> dnsClient(args[1], args[2], Integer.parseInt(args[3]), args[4], out);
      default -> throw new IllegalArgumentException("unknown mode: " + args[0]);
    }
  }

  private static void tlsServer(int port, PrintStream out) throws Exception {
    SSLServerSocket server =
        (SSLServerSocket) context().getServerSocketFactory().createServerSocket();
    SSLParameters parameters = server.getSSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
    server.setSSLParameters(parameters);
    server.bind(new InetSocketAddress("::", port));
    Thread.startVirtualThread(() -> accept(server, HandshakePeer::answer));
    out.println("listening");
    waitForEndOfInput();
  }

  /** Hands each accepted socket to {@code handler} on a thread of its own, until the close. */
  private static void accept(ServerSocket server, Consumer<Socket> handler) {
    while (true) {
      try {
        Socket socket = server.accept();
        Thread.startVirtualThread(() -> handler.accept(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void answer(Socket socket) {
    try (socket) {
      socket.setSoTimeout(PATIENCE);
      readLine(socket.getInputStream());
      socket.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      // Not TLS, or the client went away: the capture shows what happened.
    }
  }

  private static void tlsClient(String[] args, PrintStream out) throws Exception {
    SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket();
    configure(socket, args);
    try (socket) {
      socket.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), PATIENCE);
      exchange(socket, out);
    }
  }

  private static void tlsClientVia(String[] args, PrintStream out) throws Exception {
    Proxy.Type type = args[1].equals("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
    Proxy proxy = new Proxy(type, new InetSocketAddress(args[2], Integer.parseInt(args[3])));
    try (Socket tunnel = new Socket(proxy)) {
      tunnel.connect(new InetSocketAddress(args[4], Integer.parseInt(args[5])), PATIENCE);
      SSLSocket socket =
          (SSLSocket)
              context()
                  .getSocketFactory()
                  .createSocket(tunnel, args[4], Integer.parseInt(args[5]), true);
      // tls-client's arguments from HOST on: HOST PORT PROTOCOL SUITE SNI, no ALPN
      configure(socket, new String[] {"", args[4], args[5], args[6], args[7], args[8], "-"});
      try (socket) {
        exchange(socket, out);
      }
    }
  }

  /** Protocol, suite, SNI and ALPN from tls-client's arguments. */
  private static void configure(SSLSocket socket, String[] args) {
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {args[3]});
    parameters.setCipherSuites(new String[] {args[4]});
    parameters.setServerNames(List.of(new SNIHostName(args[5])));
    List<String> alpn = new ArrayList<>();
    int extra = args.length > 7 ? Integer.parseInt(args[7]) : 0;
    for (int i = 0; i < extra; i++) {
      alpn.add("x-test-protocol-%04d".formatted(i));
    }
    if (!args[6].equals("-")) {
      alpn.addAll(Arrays.asList(args[6].split(",")));
    }
    parameters.setApplicationProtocols(alpn.toArray(String[]::new));
    socket.setSSLParameters(parameters);
  }

  /** One handshake, a line each way; prints "done LOCAL_PORT". */
  private static void exchange(SSLSocket socket, PrintStream out) throws IOException {
    socket.setSoTimeout(PATIENCE);
    socket.startHandshake();
    socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    String answer = readLine(socket.getInputStream());
    if (!answer.equals("ok")) {
      throw new IOException("server answered " + answer);
    }
    out.println("done " + socket.getLocalPort());
  }

  private static void proxyServer(int port, PrintStream out) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress("::", port));
    Thread.startVirtualThread(() -> accept(server, HandshakePeer::tunnel));
    out.println("listening");
    waitForEndOfInput();
  }

  /** Sets up one tunnel (SOCKS5 or HTTP CONNECT, by the first byte) and relays both ways. */
  private static void tunnel(Socket client) {
    try (client;
        Socket upstream = new Socket()) {
      client.setSoTimeout(PATIENCE);
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream toClient = client.getOutputStream();
      int first = in.readUnsignedByte();
      InetSocketAddress target = first == 5 ? socksRequest(in, toClient) : connectRequest(in);
      upstream.connect(target, PATIENCE);
      toClient.write(
          first == 5
              ? new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0}
              : "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      toClient.flush();
      Thread relay = Thread.startVirtualThread(() -> copy(upstream, client));
      copy(client, upstream);
      relay.join();
    } catch (IOException | InterruptedException e) {
      // The client went away or asked for something this proxy does not do.
    }
  }

  /** RFC 1928 after the version byte: the greeting (no authentication chosen), the request. */
  private static InetSocketAddress socksRequest(DataInputStream in, OutputStream toClient)
      throws IOException {
    in.readFully(new byte[in.readUnsignedByte()]);
    toClient.write(new byte[] {5, 0});
    toClient.flush();
    byte[] head = new byte[4];
    in.readFully(head);
    byte[] address =
        switch (head[3]) {
          case 1 -> new byte[4];
          case 4 -> new byte[16];
          default -> throw new IOException("address type " + head[3]);
        };
    in.readFully(address);
    return new InetSocketAddress(InetAddress.getByAddress(address), in.readUnsignedShort());
  }

  /** "CONNECT host:port HTTP/1.1" after its first byte, then headers up to an empty line. */
  private static InetSocketAddress connectRequest(DataInputStream in) throws IOException {
    String line = "C" + readLine(in).strip();
    while (!readLine(in).strip().isEmpty()) {
      // headers: nothing to do with them
    }
    String authority = line.split(" ")[1];
    int colon = authority.lastIndexOf(':');
    String host = authority.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(authority.substring(colon + 1)));
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed: the other copy ends too
    }
  }

  private static void plainClient(String host, int port, PrintStream out) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), PATIENCE);
      socket.setSoTimeout(PATIENCE);
      socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // until the server closes
      }
      out.println("done " + socket.getLocalPort());
    } catch (IOException e) {
      out.println("done " + e.getClass().getSimpleName());
    }
  }

  private static void dnsServer(PrintStream out) throws IOException {
    DatagramSocket udp = new DatagramSocket(new InetSocketAddress("::", 53));
    ServerSocket tcp = new ServerSocket();
    tcp.bind(new InetSocketAddress("::", 53));
    Thread.startVirtualThread(() -> serveUdp(udp));
    Thread.startVirtualThread(() -> serveTcp(tcp));
    out.println("listening");
    waitForEndOfInput();
  }

  private static void serveUdp(DatagramSocket socket) {
    byte[] buffer = new byte[512];
    while (true) {
      try {
        DatagramPacket query = new DatagramPacket(buffer, buffer.length);
        socket.receive(query);
        byte[] answer = answer(Arrays.copyOf(query.getData(), query.getLength()));
        socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void serveTcp(ServerSocket server) {
    while (true) {
      try (Socket socket = server.accept()) {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        byte[] answer = answer(query);
        DataOutputStream response = new DataOutputStream(socket.getOutputStream());
        response.writeShort(answer.length);
        response.write(answer);
        response.flush();
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  /** The answer to a one-question query: the CNAME chain from {@link #ZONE}, then the address. */
  static byte[] answer(byte[] query) {
    int id = (query[0] & 0xFF) << 8 | query[1] & 0xFF;
    StringBuilder name = new StringBuilder();
    int at = 12;
    for (int length = query[at]; length > 0; length = query[at]) {
      name.append(name.isEmpty() ? "" : ".")
          .append(new String(query, at + 1, length, StandardCharsets.US_ASCII));
      at += 1 + length;
    }
    int type = (query[at + 1] & 0xFF) << 8 | query[at + 2] & 0xFF;
    DnsWriter writer = new DnsWriter(id, DnsWriter.RESPONSE, true).question(name.toString(), type);
    String at0 = name.toString();
    for (List<String> entry = ZONE.get(at0); entry != null; entry = ZONE.get(at0)) {
      long ttl = Long.parseLong(entry.get(1));
      if (entry.get(0).equals("cname")) {
        writer.cname(at0, ttl, entry.get(2));
        at0 = entry.get(2);
      } else {
        writer.address(at0, ttl, entry.get(type == 28 ? 3 : 2));
        break;
      }
    }
    return writer.bytes();
  }

  private static void dnsClient(
      String host, String name, int type, String transport, PrintStream out) throws IOException {
    byte[] query = new DnsWriter(0x4242, DnsWriter.QUERY, true).question(name, type).bytes();
    InetSocketAddress server = new InetSocketAddress(host, 53);
    if (transport.equals("udp")) {
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.setSoTimeout(PATIENCE);
        socket.send(new DatagramPacket(query, query.length, server));
        socket.receive(new DatagramPacket(new byte[512], 512));
      }
    } else {
      try (Socket socket = new Socket()) {
        socket.connect(server, PATIENCE);
        socket.setSoTimeout(PATIENCE);
        DataOutputStream request = new DataOutputStream(socket.getOutputStream());
        request.writeShort(query.length);
        request.write(query);
        request.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        in.readFully(new byte[in.readUnsignedShort()]);
      }
    }
    out.println("done");
  }

  private static SSLContext context() throws GeneralSecurityException, IOException {
    return TlsHandshakes.context();
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }

  private static void waitForEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // the harness closes stdin to stop the server
    }
  }
}
