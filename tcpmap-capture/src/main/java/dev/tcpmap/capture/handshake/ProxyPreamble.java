package dev.tcpmap.capture.handshake;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The set-up of a proxy tunnel, read before the TLS it carries: SOCKS5 (RFC 1928, with RFC 1929's
 * username and password) or an HTTP CONNECT request answered by a 2xx (RFC 9110 §9.3.6). Each side
 * is read a byte at a time by a small state machine as it arrives in sequence order, so nothing is
 * buffered and a side's preamble ends exactly where the tunnel's bytes begin.
 *
 * <pre>
 * SOCKS5   client: 05 n m1..mn | [01 ulen user plen password] | 05 01 00 atyp address port | TLS
 *          server: 05 method   | [01 status]                  | 05 00 00 atyp address port | TLS
 *          atyp 01: 4-byte IPv4 address, 03: a length byte and a name, 04: 16-byte IPv6 address
 * CONNECT  client: "CONNECT host:443 HTTP/1.1" CRLF header lines CRLF CRLF                 | TLS
 *          server: "HTTP/1.1 200 Connection established" CRLF header lines CRLF CRLF       | TLS
 * </pre>
 *
 * The client's sub-negotiation is told from its request by its first byte (01, 05), so each side is
 * read on its own, whatever order the capture interleaves them in. An HTTP head is read up to
 * {@value #MAX_HTTP_HEAD} bytes per side (8 KiB, the usual limit of proxies and servers). Not
 * thread safe.
 */
final class ProxyPreamble {
  static final int MAX_HTTP_HEAD = 8 * 1024;

  /** What one byte did to its side's preamble; a failure carries the reason to count, if any. */
  enum Step {
    MORE(null),
    END(null),
    /** Not the protocol after all: the connection is not followed, as any other non-TLS one. */
    NOT_PROXY(null),
    /** The proxy gave no tunnel (SOCKS5 failure, no acceptable method, a non-2xx answer). */
    REFUSED("proxy-refused"),
    /** A SOCKS5 method whose traffic cannot be read (GSSAPI, private methods). */
    AUTH_UNSUPPORTED("proxy-auth-unsupported"),
    TOO_LONG("proxy-preamble-too-long");

    /** The {@code tlsProblems} reason, or null when the connection is dropped silently. */
    final String reason;

    Step(String reason) {
      this.reason = reason;
    }
  }

  private final Side client;
  private final Side server;
  private Step failure;

  private ProxyPreamble(Side client, Side server) {
    this.client = client;
    this.server = server;
  }

  /**
   * The preamble a connection whose client's first payload byte is {@code first} starts, or null.
   */
  static ProxyPreamble startingWith(byte first) {
    return switch (first) {
      case Socks5.VERSION -> new ProxyPreamble(new Socks5(true), new Socks5(false));
      case 'C' -> new ProxyPreamble(new HttpConnect(true), new HttpConnect(false));
      default -> null;
    };
  }

  /** Whether the side's preamble has ended: its next bytes are the tunnel's. */
  boolean done(boolean fromClient) {
    return (fromClient ? client : server).done;
  }

  /**
   * Reads a side's next in-order bytes up to the end of its preamble.
   *
   * @return how many of the bytes belong to the preamble, or -1 when it failed ({@link #failure})
   */
  int read(boolean fromClient, MemorySegment data, long offset, int length) {
    Side side = fromClient ? client : server;
    for (int i = 0; i < length; i++) {
      Step step = side.step(Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, offset + i)));
      if (step == Step.END) {
        side.done = true;
        return i + 1;
      }
      if (step != Step.MORE) {
        failure = step;
        return -1;
      }
    }
    return length;
  }

  /** Why {@link #read} returned -1. */
  Step failure() {
    return failure;
  }

  private abstract static class Side {
    boolean done;

    abstract Step step(int b);
  }

  /** One side of a SOCKS5 handshake; the request (client) and the reply (server) share a layout. */
  private static final class Socks5 extends Side {
    static final byte VERSION = 0x05;
    private static final int AUTH_VERSION = 0x01;
    private static final int CONNECT = 0x01;

    private enum State {
      GREETING,
      METHOD_COUNT,
      AUTH_OR_REQUEST,
      USER_LENGTH,
      PASSWORD_LENGTH,
      METHOD,
      AUTH_REPLY,
      AUTH_STATUS,
      REQUEST,
      CODE,
      RESERVED,
      ADDRESS_TYPE,
      NAME_LENGTH,
      ADDRESS,
      SKIP
    }

    private final boolean client;
    private State state = State.GREETING;
    private State afterSkip;
    private int left;

    Socks5(boolean client) {
      this.client = client;
    }

    @Override
    Step step(int b) {
      return switch (state) {
        case GREETING -> expect(b == VERSION, client ? State.METHOD_COUNT : State.METHOD);
        case METHOD_COUNT -> b == 0 ? Step.NOT_PROXY : skip(b, State.AUTH_OR_REQUEST);
        case AUTH_OR_REQUEST ->
            b == AUTH_VERSION ? go(State.USER_LENGTH) : expect(b == VERSION, State.CODE);
        case USER_LENGTH -> skip(b, State.PASSWORD_LENGTH);
        case PASSWORD_LENGTH -> skip(b, State.REQUEST);
        case METHOD -> method(b);
        case AUTH_REPLY -> expect(b == AUTH_VERSION, State.AUTH_STATUS);
        case AUTH_STATUS -> b == 0 ? go(State.REQUEST) : Step.REFUSED;
        case REQUEST -> expect(b == VERSION, State.CODE);
        // A client's command: only CONNECT opens a stream to a server; a server's reply code: 0
        // is success.
        case CODE -> client ? expect(b == CONNECT, State.RESERVED) : success(b == 0);
        case RESERVED -> expect(b == 0, State.ADDRESS_TYPE);
        case ADDRESS_TYPE -> addressType(b);
        case NAME_LENGTH -> b == 0 ? Step.NOT_PROXY : address(b);
        case ADDRESS -> --left == 0 ? Step.END : Step.MORE;
        case SKIP -> --left == 0 ? go(afterSkip) : Step.MORE;
      };
    }

    private Step method(int b) {
      return switch (b) {
        case 0x00 -> go(State.REQUEST); // no authentication
        case 0x02 -> go(State.AUTH_REPLY); // username and password, RFC 1929
        case 0xFF -> Step.REFUSED; // no acceptable method
        default -> Step.AUTH_UNSUPPORTED;
      };
    }

    private Step addressType(int b) {
      return switch (b) {
        case 0x01 -> address(4);
        case 0x03 -> go(State.NAME_LENGTH);
        case 0x04 -> address(16);
        default -> Step.NOT_PROXY;
      };
    }

    /** The address's bytes, then the 2-byte port, end the message. */
    private Step address(int length) {
      left = length + 2;
      return go(State.ADDRESS);
    }

    /**
     * Passes over a field of {@code length} bytes (methods, user name, password), then {@code
     * next}.
     */
    private Step skip(int length, State next) {
      if (length == 0) {
        return go(next);
      }
      left = length;
      afterSkip = next;
      return go(State.SKIP);
    }

    private Step success(boolean ok) {
      return ok ? go(State.RESERVED) : Step.REFUSED;
    }

    private Step expect(boolean ok, State next) {
      return ok ? go(next) : Step.NOT_PROXY;
    }

    private Step go(State next) {
      state = next;
      return Step.MORE;
    }
  }

  /**
   * One side of an HTTP CONNECT: the request line's method, or the status line's version and first
   * status digit, then the head up to its empty line (CRLF CRLF, or LF LF as lenient parsers take).
   */
  private static final class HttpConnect extends Side {
    private static final byte[] REQUEST = "CONNECT ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    private final byte[] prefix;
    private final boolean client;
    private int read;
    private boolean lineStart;

    HttpConnect(boolean client) {
      this.client = client;
      this.prefix = client ? REQUEST : RESPONSE;
    }

    @Override
    Step step(int b) {
      read++;
      if (read > MAX_HTTP_HEAD) {
        return Step.TOO_LONG;
      }
      if (read <= prefix.length) {
        return b == prefix[read - 1] ? Step.MORE : Step.NOT_PROXY;
      }
      if (!client && read <= prefix.length + 3) {
        return statusLine(read - prefix.length, b);
      }
      if (b == '\n') {
        if (lineStart) {
          return Step.END;
        }
        lineStart = true;
      } else if (b != '\r') {
        lineStart = false;
      }
      return Step.MORE;
    }

    /** "HTTP/1." is followed by the minor version, a space, and the status code's first digit. */
    private static Step statusLine(int at, int b) {
      boolean digit = b >= '0' && b <= '9';
      return switch (at) {
        case 1 -> digit ? Step.MORE : Step.NOT_PROXY;
        case 2 -> b == ' ' ? Step.MORE : Step.NOT_PROXY;
        default -> !digit ? Step.NOT_PROXY : b == '2' ? Step.MORE : Step.REFUSED;
      };
    }
  }
}
