package dev.tcpmap.capture.dns;

import dev.tcpmap.core.model.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a DNS message (RFC 1035 §4.1) that name addresses: header flags, questions and the
 * answer section. Authority and additional sections are not read.
 *
 * @param id the query id
 * @param response QR: true for a response
 * @param opcode 0 for a standard query
 * @param truncated TC: the answer was cut to fit UDP
 * @param rcode 0 (NOERROR), 3 (NXDOMAIN), …
 * @param questions the question section
 * @param answers the answer section in message order
 */
public record DnsMessage(
    int id,
    boolean response,
    int opcode,
    boolean truncated,
    int rcode,
    List<DnsQuestion> questions,
    List<DnsRecord> answers) {

  /** Longest CNAME chain followed; resolvers stop well before (BIND: 16 restarts). */
  static final int MAX_CHAIN = 16;

  public DnsMessage {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
  }

  /**
   * Parses one message, {@code bytes[offset, offset + length)}: a UDP payload, or a TCP message
   * without its 2-byte length prefix (RFC 1035 §4.2.2).
   *
   * @throws DnsFormatException with a {@code dns-…} reason
   */
  public static DnsMessage parse(byte[] bytes, int offset, int length) throws DnsFormatException {
    DnsReader in = new DnsReader(bytes, offset, length);
    int id = in.u16();
    int flags = in.u16();
    int questionCount = in.u16();
    int answerCount = in.u16();
    in.skip(4); // NSCOUNT, ARCOUNT: those sections are not read
    // Counts are not trusted for sizing: each entry is read (and bounds-checked) one at a time.
    List<DnsQuestion> questions = new ArrayList<>();
    for (int i = 0; i < questionCount; i++) {
      questions.add(new DnsQuestion(in.name(), in.u16(), in.u16()));
    }
    List<DnsRecord> answers = new ArrayList<>();
    for (int i = 0; i < answerCount; i++) {
      answers.add(record(in));
    }
    return new DnsMessage(
        id,
        (flags & 0x8000) != 0,
        flags >> 11 & 0xF,
        (flags & 0x0200) != 0,
        flags & 0xF,
        questions,
        answers);
  }

  private static DnsRecord record(DnsReader in) throws DnsFormatException {
    String name = in.name();
    int type = in.u16();
    int dnsClass = in.u16();
    long ttl = in.u32();
    if (ttl > Integer.MAX_VALUE) {
      ttl = 0; // RFC 2181 §8
    }
    int dataLength = in.u16();
    int dataStart = in.position();
    if (dataLength > in.remaining()) {
      throw new DnsFormatException("dns-truncated", dataStart);
    }
    if (dnsClass != DnsRecord.IN) {
      in.skip(dataLength);
      return new DnsRecord.Other(name, ttl, type, dnsClass);
    }
    DnsRecord record =
        switch (type) {
          case DnsRecord.A, DnsRecord.AAAA -> {
            if (dataLength != (type == DnsRecord.A ? 4 : 16)) {
              throw new DnsFormatException("dns-bad-address-length", dataStart);
            }
            yield new DnsRecord.Address(name, ttl, IpAddress.of(in.bytes(dataLength)));
          }
          case DnsRecord.CNAME -> new DnsRecord.Alias(name, ttl, in.name());
          case DnsRecord.PTR -> new DnsRecord.Pointer(name, ttl, in.name());
          default -> {
            in.skip(dataLength);
            yield new DnsRecord.Other(name, ttl, type, dnsClass);
          }
        };
    if (in.position() != dataStart + dataLength) {
      throw new DnsFormatException("dns-bad-data-length", dataStart);
    }
    return record;
  }

  /**
   * The addresses this message names: for a successful response (NOERROR), each A/AAAA answer
   * reached from a question's name through at most {@value #MAX_CHAIN} CNAMEs, attributed to the
   * question's name with the smallest TTL along the way. Empty for queries and errors.
   */
  public List<NameFact> facts() {
    if (!response || rcode != 0 || answers.isEmpty()) {
      return List.of();
    }
    Map<String, DnsRecord.Alias> aliases = new HashMap<>();
    for (DnsRecord answer : answers) {
      if (answer instanceof DnsRecord.Alias alias) {
        aliases.putIfAbsent(alias.name(), alias);
      }
    }
    List<NameFact> facts = new ArrayList<>();
    for (DnsQuestion question : questions) {
      Map<String, Long> ttlToReach = chain(question.name(), aliases);
      for (DnsRecord answer : answers) {
        if (answer instanceof DnsRecord.Address address
            && ttlToReach.get(address.name()) instanceof Long ttl) {
          facts.add(new NameFact(address.address(), question.name(), Math.min(ttl, address.ttl())));
        }
      }
    }
    return facts;
  }

  /** The names reached from {@code name} through CNAMEs, with the smallest TTL to reach each. */
  private static Map<String, Long> chain(String name, Map<String, DnsRecord.Alias> aliases) {
    Map<String, Long> reached = new HashMap<>();
    reached.put(name, Long.MAX_VALUE);
    String at = name;
    for (int hop = 0; hop < MAX_CHAIN && aliases.get(at) instanceof DnsRecord.Alias alias; hop++) {
      if (reached.containsKey(alias.target())) {
        break; // a CNAME loop
      }
      reached.put(alias.target(), Math.min(reached.get(at), alias.ttl()));
      at = alias.target();
    }
    return reached;
  }
}
