package dev.tcpmap.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, bytes exactly as given: for the requests no HTTP client sends.
 * Every read is bounded by a socket timeout, so a server that never answers fails the test with
 * {@link Reply#HUNG} instead of hanging it.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * What came back on one connection.
   *
   * @param status the status, or {@link #CLOSED} when the connection ended without a byte, or
   *     {@link #HUNG} when nothing ended within the timeout
   * @param headers the header fields by lower-case name (the first of each)
   * @param body the body as text (chunked bodies decoded)
   */
  record Reply(int status, Map<String, String> headers, String body) {
    static final int CLOSED = -1;
    static final int HUNG = -2;

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code request} as ISO-8859-1 bytes on a new connection and reads until it ends. */
  static Reply exchange(int port, String request, Duration timeout) {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), timeout);
  }

  static Reply exchange(int port, byte[] request, Duration timeout) {
    try (Socket socket = connect(port, timeout)) {
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return read(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Socket connect(int port, Duration timeout) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    return socket;
  }

  /**
   * Reads one reply: until the end of its body (by Content-Length or chunks) or of the connection.
   */
  static Reply read(Socket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
        if (complete(received.toByteArray())) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      return new Reply(Reply.HUNG, Map.of(), received.toString(StandardCharsets.ISO_8859_1));
    } catch (SocketException e) {
      // A reset: whatever arrived before it is the answer.
    }
    return parse(received.toString(StandardCharsets.ISO_8859_1));
  }

  private static boolean complete(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    Map<String, String> headers = headers(text.substring(0, end));
    String body = text.substring(end + 4);
    String length = headers.get("content-length");
    if (length != null) {
      return body.length() >= Long.parseLong(length.trim());
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      return body.endsWith("0\r\n\r\n");
    }
    return text.startsWith("HTTP/1.1 204") || text.startsWith("HTTP/1.1 304");
  }

  static Reply parse(String text) {
    if (text.isEmpty()) {
      return new Reply(Reply.CLOSED, Map.of(), "");
    }
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      throw new IllegalStateException("not an HTTP answer: " + text);
    }
    String head = text.substring(0, end);
    int status = Integer.parseInt(head.substring(9, 12));
    Map<String, String> headers = headers(head);
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Reply(status, headers, body);
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> headers = new LinkedHashMap<>();
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.putIfAbsent(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return headers;
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }
}
