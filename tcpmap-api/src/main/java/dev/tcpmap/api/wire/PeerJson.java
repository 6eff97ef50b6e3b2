package dev.tcpmap.api.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the peer formats ({@link PeerEdgesJson}, {@link PeerTlsJson}) share: the envelope {@code
 * {"version", "from", "to", "asOf", "losses", "<list>": [...]}}, read one list element at a time,
 * and the strict field readers whose messages name the path of the broken value ({@code
 * edges[3].client.ip: missing}). Stateless.
 */
final class PeerJson {
  /** The version written, and the only one read, of every peer format. */
  static final int VERSION = 1;

  /** The largest count read, 2^53 - 1: what a JSON number carries exactly in any reader. */
  static final long MAX_COUNT = (1L << 53) - 1;

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  private PeerJson() {}

  /** Reads one list element; {@code path} names it in messages ({@code edges[3]}). */
  @FunctionalInterface
  interface Element<E> {
    E read(JsonNode node, String path) throws MalformedAnswerException;
  }

  /** An answer's envelope and its list. */
  record Envelope<E>(Instant asOf, Map<String, Long> losses, List<E> list) {}

  /** The envelope of an answer for {@code range}; the caller adds its list. */
  static ObjectNode envelope(TimeRange range, PeerAnswer answer) {
    ObjectNode out = Json.object();
    out.put("version", VERSION);
    out.put("from", range.hasFrom() ? range.fromMs() : null);
    out.put("to", range.hasTo() ? range.toMs() : null);
    out.put("asOf", answer.asOf().toString());
    out.set("losses", Json.losses(answer.losses()));
    return out;
  }

  /**
   * Reads an answer, one list element at a time (an answer may hold tens of thousands; only the
   * records are kept, never the whole tree).
   *
   * @throws MalformedAnswerException when it is not a version-{@value #VERSION} answer
   * @throws IOException when reading the stream fails (not when its content is wrong)
   */
  static <E> Envelope<E> read(InputStream in, String listName, Element<E> element)
      throws IOException, MalformedAnswerException {
    return read(in, listName, element, Map.of());
  }

  /** A top-level field besides the envelope's and the list, read whole. */
  @FunctionalInterface
  interface Extra {
    void read(JsonNode node) throws MalformedAnswerException;
  }

  /**
   * As {@link #read(InputStream, String, Element)}, handing the named top-level fields to {@code
   * extras} as they come (a field the list refers to must come before it).
   */
  static <E> Envelope<E> read(
      InputStream in, String listName, Element<E> element, Map<String, Extra> extras)
      throws IOException, MalformedAnswerException {
    try (JsonParser p = Json.mapper().createParser(in)) {
      return read(p, listName, element, extras);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      long offset = at == null ? -1 : Math.max(at.getByteOffset(), at.getCharOffset());
      throw new MalformedAnswerException(
          "not JSON: " + e.getOriginalMessage() + (offset < 0 ? "" : " at byte " + offset));
    }
  }

  private static <E> Envelope<E> read(
      JsonParser p, String listName, Element<E> element, Map<String, Extra> extras)
      throws IOException, MalformedAnswerException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new MalformedAnswerException("not a JSON object");
    }
    JsonNode version = null;
    Instant asOf = null;
    Map<String, Long> losses = null;
    List<E> list = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals(listName)) {
        list = list(p, listName, element);
        continue;
      }
      Extra extra = extras.get(field);
      if (extra != null) {
        extra.read(tree(p));
        continue;
      }
      switch (field) {
        case "version" -> version = tree(p);
        case "asOf" -> asOf = time(tree(p), "asOf");
        case "losses" -> losses = losses(tree(p));
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw new MalformedAnswerException("content after the answer's object");
    }
    if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
      throw new MalformedAnswerException(
          "version: expected " + VERSION + ", got " + (version == null ? "none" : version));
    }
    require(asOf, "asOf");
    require(losses, "losses");
    require(list, listName);
    return new Envelope<>(asOf, losses, list);
  }

  private static <E> List<E> list(JsonParser p, String name, Element<E> element)
      throws IOException, MalformedAnswerException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new MalformedAnswerException(name + ": not an array");
    }
    List<E> list = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String path = name + "[" + list.size() + "]";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new MalformedAnswerException(path + ": not an object");
      }
      if (Thread.currentThread().isInterrupted()) {
        // The fan-out gave up on this peer: stop spending CPU on its answer.
        throw new InterruptedIOException("cancelled after " + list.size() + " " + name);
      }
      list.add(element.read(tree(p), path));
    }
    return list;
  }

  /** The value at the parser, consumed; JSON null as {@code NullNode}. */
  private static JsonNode tree(JsonParser p) throws IOException {
    JsonNode node = p.readValueAsTree();
    return node == null ? NullNode.getInstance() : node;
  }

  private static void require(Object value, String field) throws MalformedAnswerException {
    if (value == null) {
      throw new MalformedAnswerException(field + ": missing");
    }
  }

  static Map<String, Long> losses(JsonNode n) throws MalformedAnswerException {
    if (!n.isObject()) {
      throw new MalformedAnswerException("losses: not an object");
    }
    Map<String, Long> losses = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      losses.put(e.getKey(), count(n, "losses", e.getKey()));
    }
    return losses;
  }

  static JsonNode field(JsonNode n, String path, String name) throws MalformedAnswerException {
    JsonNode value = n.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedAnswerException(path + "." + name + ": missing");
    }
    return value;
  }

  static String text(JsonNode n, String path, String name) throws MalformedAnswerException {
    JsonNode value = field(n, path, name);
    if (!value.isTextual()) {
      throw new MalformedAnswerException(path + "." + name + ": not a string: " + value);
    }
    return value.textValue();
  }

  /**
   * A non-negative integer up to {@value #MAX_COUNT}: what a JSON number carries exactly in any
   * reader, and small enough that summing the answers of a whole cluster cannot overflow a long.
   */
  static long count(JsonNode n, String path, String name) throws MalformedAnswerException {
    JsonNode value = field(n, path, name);
    if (!value.isIntegralNumber()
        || !value.canConvertToLong()
        || value.longValue() < 0
        || value.longValue() > MAX_COUNT) {
      throw new MalformedAnswerException(
          path + "." + name + ": not a non-negative integer: " + excerpt(value));
    }
    return value.longValue();
  }

  /**
   * A port as an int, for the record to check its range: a count beyond an int is refused here, so
   * that it cannot wrap into range (2^32 + 443 would become 443).
   */
  static int port(JsonNode n, String path, String name) throws MalformedAnswerException {
    long value = count(n, path, name);
    if (value > Integer.MAX_VALUE) {
      throw new MalformedAnswerException(path + "." + name + ": port out of range: " + value);
    }
    return (int) value;
  }

  static Duration duration(JsonNode n, String path, String name) throws MalformedAnswerException {
    JsonNode value = field(n, path, name);
    if (!value.isIntegralNumber() || value.bigIntegerValue().signum() < 0) {
      throw new MalformedAnswerException(
          path + "." + name + ": not a non-negative integer: " + excerpt(value));
    }
    BigInteger[] secondsAndNanos = value.bigIntegerValue().divideAndRemainder(NANOS_PER_SECOND);
    if (secondsAndNanos[0].compareTo(BigInteger.valueOf(MAX_COUNT)) > 0) {
      throw new MalformedAnswerException(path + "." + name + ": too large: " + excerpt(value));
    }
    return Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue());
  }

  static Instant time(JsonNode value, String path) throws MalformedAnswerException {
    if (!value.isTextual()) {
      throw new MalformedAnswerException(path + ": not a string: " + excerpt(value));
    }
    try {
      Instant fast = UtcTimes.parse(value.textValue());
      return fast != null ? fast : Instant.parse(value.textValue());
    } catch (DateTimeParseException e) {
      throw new MalformedAnswerException(path + ": not an RFC 3339 time: " + excerpt(value));
    }
  }

  static String excerpt(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
