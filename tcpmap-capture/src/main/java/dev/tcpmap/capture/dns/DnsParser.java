package dev.tcpmap.capture.dns;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads DNS messages from UDP payloads and TCP streams and counts what it saw. One per parsing
 * thread: it and its streams are not thread safe. Nothing is thrown for bad input: a malformed
 * message is counted by reason and skipped.
 *
 * <pre>{@code
 * DnsParser dns = new DnsParser();
 * dns.udp(payload, offset, length).ifPresent(m -> learn(m.facts()));  // port 53 UDP payload
 * DnsParser.TcpStream s = dns.tcp(m -> learn(m.facts()));             // per TCP direction
 * s.feed(payload, offset, length);                                     // in sequence order
 * }</pre>
 */
public final class DnsParser {
  private final DnsCounters counters = new DnsCounters();

  public DnsCounters counters() {
    return counters;
  }

  /** One message from a UDP payload; empty when malformed (counted). */
  public Optional<DnsMessage> udp(byte[] payload, int offset, int length) {
    try {
      DnsMessage message = DnsMessage.parse(payload, offset, length);
      counters.message(message.response() ? "response" : "query");
      return Optional.of(message);
    } catch (DnsFormatException e) {
      counters.problem(e.reason());
      return Optional.empty();
    }
  }

  /** The facts of a UDP payload: {@link DnsMessage#facts()} of its message, if well formed. */
  public List<NameFact> udpFacts(byte[] payload, int offset, int length) {
    return udp(payload, offset, length).map(DnsMessage::facts).orElse(List.of());
  }

  /** A stream for one direction of a DNS-over-TCP connection (RFC 1035 §4.2.2, RFC 7766). */
  public TcpStream tcp(Consumer<DnsMessage> sink) {
    return new TcpStream(sink);
  }

  /**
   * One direction of DNS over TCP: each message is preceded by its 2-byte length. Holds at most one
   * message (64 KiB); a malformed message is counted and skipped, and the stream goes on with the
   * next (the framing, not the content, says where it starts). A zero length gives up the stream.
   */
  public final class TcpStream {
    private final Consumer<DnsMessage> sink;
    private final byte[] prefix = new byte[2];
    private int prefixFill;
    private byte[] message = new byte[0];
    private int messageLength;
    private int messageFill;
    private boolean stopped;

    /** Bytes held for the message being read (its buffer's size). */
    public int buffered() {
      return message.length;
    }

    private TcpStream(Consumer<DnsMessage> sink) {
      this.sink = sink;
    }

    public void feed(byte[] data, int offset, int length) {
      feed(MemorySegment.ofArray(data), offset, length);
    }

    /** The next bytes of this direction, {@code data[offset, offset + length)}. */
    public void feed(MemorySegment data, long offset, int length) {
      long at = offset;
      long end = offset + length;
      while (at < end && !stopped) {
        if (prefixFill < 2) {
          prefix[prefixFill++] = data.get(ValueLayout.JAVA_BYTE, at++);
          if (prefixFill == 2) {
            start((prefix[0] & 0xFF) << 8 | prefix[1] & 0xFF);
          }
          continue;
        }
        int n = (int) Math.min(messageLength - messageFill, end - at);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, message, messageFill, n);
        messageFill += n;
        at += n;
        if (messageFill == messageLength) {
          udp(message, 0, messageLength).ifPresent(sink);
          prefixFill = 0;
        }
      }
    }

    /** True once the stream gave up. */
    public boolean stopped() {
      return stopped;
    }

    private void start(int length) {
      if (length == 0) {
        counters.problem("dns-tcp-empty-message");
        stopped = true;
        message = new byte[0];
        return;
      }
      if (message.length < length) {
        message = new byte[length];
      }
      messageLength = length;
      messageFill = 0;
    }
  }
}
