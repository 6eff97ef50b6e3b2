package dev.tcpmap.capture.dns;

import dev.tcpmap.core.model.IpAddress;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds DNS messages as a resolver would: header, questions, answers, names compressed (RFC 1035
 * §4.1.4) against every name suffix written before, unless compression is off. Public for the other
 * packages' tests and the test network's DNS peer.
 */
public final class DnsWriter {
  public static final int RESPONSE = 0x8180; // QR, RD, RA, NOERROR
  public static final int QUERY = 0x0100; // RD

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Map<String, Integer> suffixes = new HashMap<>();
  private final boolean compress;
  private int questions;
  private int answers;
  private final int id;
  private final int flags;

  public DnsWriter(int id, int flags, boolean compress) {
    this.id = id;
    this.flags = flags;
    this.compress = compress;
    out.writeBytes(new byte[12]);
  }

  /** A response (compressed, id 0x1234) to one question: {@code name}, {@code type}, class IN. */
  public static DnsWriter answering(String name, int type) {
    return new DnsWriter(0x1234, RESPONSE, true).question(name, type);
  }

  /**
   * An answer to an A question for {@code name} through a CNAME (TTL 300) to {@code alias}, and
   * {@code alias}'s address (TTL 60).
   */
  public static byte[] aliasedAnswer(String name, String alias, String address) {
    return answering(name, 1).cname(name, 300, alias).address(alias, 60, address).bytes();
  }

  public DnsWriter question(String name, int type) {
    name(name);
    u16(type);
    u16(1);
    questions++;
    return this;
  }

  public DnsWriter address(String name, long ttl, String address) {
    byte[] bytes = IpAddress.parse(address).bytes();
    return answer(name, bytes.length == 4 ? 1 : 28, ttl, bytes);
  }

  public DnsWriter cname(String name, long ttl, String target) {
    return nameAnswer(name, 5, ttl, target);
  }

  /** An IN PTR answer: {@code name} points to {@code target}. */
  public DnsWriter ptr(String name, long ttl, String target) {
    return nameAnswer(name, 12, ttl, target);
  }

  /** An answer whose data is one name, written compressed if this writer compresses. */
  private DnsWriter nameAnswer(String name, int type, long ttl, String target) {
    header(name, type, ttl);
    int lengthAt = out.size();
    u16(0);
    name(target);
    patch(lengthAt, out.size() - lengthAt - 2);
    answers++;
    return this;
  }

  public DnsWriter answer(String name, int type, long ttl, byte[] data) {
    header(name, type, ttl);
    u16(data.length);
    out.writeBytes(data);
    answers++;
    return this;
  }

  /** The message written so far, parsed back. */
  public DnsMessage parse() throws DnsFormatException {
    byte[] bytes = bytes();
    return DnsMessage.parse(bytes, 0, bytes.length);
  }

  public byte[] bytes() {
    byte[] bytes = out.toByteArray();
    int[] header = {id, flags, questions, answers, 0, 0};
    for (int i = 0; i < header.length; i++) {
      bytes[2 * i] = (byte) (header[i] >> 8);
      bytes[2 * i + 1] = (byte) header[i];
    }
    return bytes;
  }

  /** The message with its 2-byte TCP length prefix. */
  public byte[] tcp() {
    byte[] message = bytes();
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  private void header(String name, int type, long ttl) {
    name(name);
    u16(type);
    u16(1);
    u16((int) (ttl >> 16));
    u16((int) ttl);
  }

  private void name(String name) {
    String rest = name;
    while (!rest.isEmpty()) {
      Integer at = compress ? suffixes.get(rest.toLowerCase()) : null;
      if (at != null) {
        u16(0xC000 | at);
        return;
      }
      suffixes.putIfAbsent(rest.toLowerCase(), out.size());
      int dot = rest.indexOf('.');
      String label = dot < 0 ? rest : rest.substring(0, dot);
      out.write(label.length());
      out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      rest = dot < 0 ? "" : rest.substring(dot + 1);
    }
    out.write(0);
  }

  private void u16(int value) {
    out.write(value >> 8);
    out.write(value);
  }

  private void patch(int at, int value) {
    byte[] bytes = out.toByteArray();
    bytes[at] = (byte) (value >> 8);
    bytes[at + 1] = (byte) value;
    out.reset();
    out.writeBytes(bytes);
  }
}
