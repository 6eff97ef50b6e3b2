package dev.tcpmap.ebpf.tracer;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.ebpf.socket.SocketRecord;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Java mirror of {@code struct tcpmap_event} (src/main/c/tracer.h), which the ring buffer and
 * the iterator both carry, and its decoding into {@link SocketRecord}. Field order, sizes and the
 * explicit padding-free layout must match the C struct; both sides assert 128 bytes.
 *
 * <pre>
 *   0 sock            8 netns           16 start_ns        24 at_ns
 *  32 bytes_sent     40 bytes_received  48 saddr[16]       64 daddr[16]
 *  80 pid            84 retransmits     88 srtt_us         92 sport  94 dport
 *  96 family  98 kind  99 role  100 outcome  101 oldstate  102 sk_err
 * 104 comm[16]                                                      120 cgroup
 * 128 end
 * </pre>
 */
final class SocketEvent {
  static final StructLayout LAYOUT =
      MemoryLayout.structLayout(
          ValueLayout.JAVA_LONG.withName("sock"),
          ValueLayout.JAVA_LONG.withName("netns"),
          ValueLayout.JAVA_LONG.withName("start_ns"),
          ValueLayout.JAVA_LONG.withName("at_ns"),
          ValueLayout.JAVA_LONG.withName("bytes_sent"),
          ValueLayout.JAVA_LONG.withName("bytes_received"),
          MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("saddr"),
          MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("daddr"),
          ValueLayout.JAVA_INT.withName("pid"),
          ValueLayout.JAVA_INT.withName("retransmits"),
          ValueLayout.JAVA_INT.withName("srtt_us"),
          ValueLayout.JAVA_SHORT.withName("sport"),
          ValueLayout.JAVA_SHORT.withName("dport"),
          ValueLayout.JAVA_SHORT.withName("family"),
          ValueLayout.JAVA_BYTE.withName("kind"),
          ValueLayout.JAVA_BYTE.withName("role"),
          ValueLayout.JAVA_BYTE.withName("outcome"),
          ValueLayout.JAVA_BYTE.withName("oldstate"),
          ValueLayout.JAVA_SHORT.withName("sk_err"),
          MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("comm"),
          ValueLayout.JAVA_LONG.withName("cgroup"));

  /** The size of one record, as {@code _Static_assert}ed in tracer.h. */
  static final int SIZE = 128;

  static {
    if (LAYOUT.byteSize() != SIZE) {
      throw new AssertionError(
          "SocketEvent layout is " + LAYOUT.byteSize() + " bytes, not " + SIZE);
    }
  }

  private static final long SOCK = offset("sock");
  private static final long NETNS = offset("netns");
  private static final long START = offset("start_ns");
  private static final long AT = offset("at_ns");
  private static final long SENT = offset("bytes_sent");
  private static final long RECEIVED = offset("bytes_received");
  private static final long SADDR = offset("saddr");
  private static final long DADDR = offset("daddr");
  private static final long PID = offset("pid");
  private static final long RETRANSMITS = offset("retransmits");
  private static final long SRTT = offset("srtt_us");
  private static final long SPORT = offset("sport");
  private static final long DPORT = offset("dport");
  private static final long FAMILY = offset("family");
  private static final long KIND = offset("kind");
  private static final long ROLE = offset("role");
  private static final long OUTCOME = offset("outcome");
  private static final long COMM = offset("comm");
  private static final long CGROUP = offset("cgroup");

  // Records copied out of an iterator read sit in a byte[] (alignment 1): read unaligned.
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;

  private static final int AF_INET6 = 10;
  private static final SocketRecord.Kind[] KINDS = {
    null,
    SocketRecord.Kind.OPENED,
    SocketRecord.Kind.CLOSED,
    SocketRecord.Kind.LIVE,
    SocketRecord.Kind.LISTENING
  };
  private static final SocketRecord.Role[] ROLES = {
    SocketRecord.Role.UNKNOWN, SocketRecord.Role.ACTIVE, SocketRecord.Role.PASSIVE
  };
  private static final Outcome[] OUTCOMES = {
    Outcome.OPEN, Outcome.CLOSED, Outcome.RESET, Outcome.REFUSED, Outcome.TIMEOUT
  };

  private SocketEvent() {}

  /**
   * Decodes one record.
   *
   * @throws IllegalArgumentException for a kind, role or outcome code this version does not know
   *     (the object and this class disagree: a build error, not a runtime condition)
   */
  private static final ValueLayout.OfInt BE_U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private static final ValueLayout.OfLong BE_U64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  static SocketRecord decode(MemorySegment event) {
    SocketRecord.Kind kind = code(KINDS, event.get(ValueLayout.JAVA_BYTE, KIND), "kind");
    boolean v6 = Short.toUnsignedInt(event.get(U16, FAMILY)) == AF_INET6;
    Outcome outcome =
        kind == SocketRecord.Kind.CLOSED
            ? code(OUTCOMES, event.get(ValueLayout.JAVA_BYTE, OUTCOME), "outcome")
            : Outcome.OPEN;
    IpAddress local = address(event, SADDR, v6);
    IpAddress remote = address(event, DADDR, v6);
    if (!local.v6() && remote.v6() && remote.high() == 0 && remote.low() == 0) {
      // a dual-stack listener on an IPv4 address has no peer: "0.0.0.0", not "::"
      remote = IpAddress.v4(0);
    }
    return new SocketRecord(
        kind,
        event.get(U64, SOCK),
        event.get(U64, NETNS),
        local,
        Short.toUnsignedInt(event.get(U16, SPORT)),
        remote,
        Short.toUnsignedInt(event.get(U16, DPORT)),
        code(ROLES, event.get(ValueLayout.JAVA_BYTE, ROLE), "role"),
        event.get(U64, START),
        event.get(U64, AT),
        event.get(U64, SENT),
        event.get(U64, RECEIVED),
        outcome,
        event.get(U32, RETRANSMITS),
        event.get(U32, SRTT),
        event.get(U32, PID),
        comm(event),
        event.get(U64, CGROUP));
  }

  /**
   * IPv4-mapped IPv6 addresses (a dual-stack socket talking IPv4) come out as IPv4. Read as
   * big-endian words straight from the record: the consumer decodes every event, and byte-array
   * copies per address were a measurable share of its allocation.
   */
  static IpAddress address(MemorySegment event, long offset, boolean v6) {
    if (!v6) {
      return IpAddress.v4(event.get(BE_U32, offset));
    }
    long high = event.get(BE_U64, offset);
    long low = event.get(BE_U64, offset + 8);
    if (high == 0 && (low >>> 32) == 0xFFFFL) {
      return IpAddress.v4((int) low);
    }
    return IpAddress.v6(high, low);
  }

  /** The process name, shared across records: a host has few, and each record names one. */
  private static String comm(MemorySegment event) {
    long first = event.get(ValueLayout.JAVA_LONG_UNALIGNED, COMM);
    long second = event.get(ValueLayout.JAVA_LONG_UNALIGNED, COMM + 8);
    CommKey key = new CommKey(first, second);
    String known = COMMS.get(key);
    if (known != null) {
      return known;
    }
    byte[] bytes = event.asSlice(COMM, 16).toArray(ValueLayout.JAVA_BYTE);
    int length = 0;
    while (length < bytes.length && bytes[length] != 0) {
      length++;
    }
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
    if (COMMS.size() >= MAX_COMMS) {
      COMMS.clear(); // bounded: a host with more distinct names than this only loses sharing
    }
    COMMS.put(key, text);
    return text;
  }

  private record CommKey(long first, long second) {}

  private static final int MAX_COMMS = 4096;
  private static final Map<CommKey, String> COMMS = new ConcurrentHashMap<>();

  private static <T> T code(T[] values, byte code, String what) {
    int index = Byte.toUnsignedInt(code);
    if (index >= values.length || values[index] == null) {
      throw new IllegalArgumentException("unknown " + what + " code in a socket event: " + index);
    }
    return values[index];
  }

  private static long offset(String field) {
    return LAYOUT.byteOffset(groupElement(field));
  }
}
