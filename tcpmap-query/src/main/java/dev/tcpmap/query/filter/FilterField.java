package dev.tcpmap.query.filter;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a filter expression may name: each end of a connection ({@code src.} the client,
 * {@code dst.} the server) and the connection itself, with the names Kubeshark's display filters
 * use.
 *
 * <p>Each field is known from some {@link Level} on: what an edge of the history knows (its ends'
 * identities and the server port) is known of every handshake and connection too; what only a
 * connection record knows (its outcome, bytes, duration, processes) is known of nothing coarser.
 */
public enum FilterField {
  SRC_IP("src.ip", SimpleType.STRING, Level.EDGE),
  SRC_PORT("src.port", SimpleType.INT, Level.HANDSHAKE),
  SRC_NAMESPACE("src.namespace", SimpleType.STRING, Level.EDGE),
  SRC_POD("src.pod", SimpleType.STRING, Level.EDGE),
  SRC_WORKLOAD("src.workload", SimpleType.STRING, Level.EDGE),
  SRC_KIND("src.kind", SimpleType.STRING, Level.EDGE),
  SRC_NAME("src.name", SimpleType.STRING, Level.EDGE),
  SRC_NODE("src.node", SimpleType.STRING, Level.EDGE),
  SRC_PROCESS("src.process", SimpleType.STRING, Level.CONNECTION),
  SRC_CONTAINER("src.container", SimpleType.STRING, Level.CONNECTION),
  DST_IP("dst.ip", SimpleType.STRING, Level.EDGE),
  DST_PORT("dst.port", SimpleType.INT, Level.EDGE),
  DST_NAMESPACE("dst.namespace", SimpleType.STRING, Level.EDGE),
  DST_POD("dst.pod", SimpleType.STRING, Level.EDGE),
  DST_WORKLOAD("dst.workload", SimpleType.STRING, Level.EDGE),
  DST_KIND("dst.kind", SimpleType.STRING, Level.EDGE),
  DST_NAME("dst.name", SimpleType.STRING, Level.EDGE),
  DST_NODE("dst.node", SimpleType.STRING, Level.EDGE),
  DST_PROCESS("dst.process", SimpleType.STRING, Level.CONNECTION),
  DST_CONTAINER("dst.container", SimpleType.STRING, Level.CONNECTION),
  OUTCOME("outcome", SimpleType.STRING, Level.CONNECTION),
  BYTES_SENT("bytes.sent", SimpleType.INT, Level.CONNECTION),
  BYTES_RECEIVED("bytes.received", SimpleType.INT, Level.CONNECTION),
  DURATION("duration", SimpleType.DURATION, Level.CONNECTION),
  PERSISTENT("persistent", SimpleType.BOOL, Level.CONNECTION),
  TLS_SNI("tls.sni", SimpleType.STRING, Level.HANDSHAKE),
  TLS_VERSION("tls.version", SimpleType.STRING, Level.HANDSHAKE),
  TLS_CIPHER("tls.cipher", SimpleType.STRING, Level.HANDSHAKE),
  TLS_JA4("tls.ja4", SimpleType.STRING, Level.HANDSHAKE),
  PROTOCOL("protocol", SimpleType.STRING, Level.EDGE);

  /**
   * What a filter is evaluated on, from the coarsest to the finest; each knows the fields of the
   * ones before it.
   */
  public enum Level {
    /**
     * An edge summed from the history's buckets or from other agents: the ends' identities and the
     * server port, nothing of a single connection.
     */
    EDGE,
    /** A TLS handshake with its ends named: also the client port and the handshake's facts. */
    HANDSHAKE,
    /** A connection record (with its handshake, when one was seen): every field. */
    CONNECTION
  }

  private static final Map<String, FilterField> BY_NAME = new HashMap<>();

  static {
    for (FilterField f : values()) {
      BY_NAME.put(f.fieldName, f);
    }
  }

  private final String fieldName;
  private final CelType type;
  private final Level level;

  FilterField(String fieldName, CelType type, Level level) {
    this.fieldName = fieldName;
    this.type = type;
    this.level = level;
  }

  /** The name an expression uses, e.g. {@code "src.namespace"}. */
  public String fieldName() {
    return fieldName;
  }

  CelType type() {
    return type;
  }

  /** The coarsest subject that knows this field. */
  public Level level() {
    return level;
  }

  /** Whether a filter over {@code subject} can read this field. */
  public boolean knownOn(Level subject) {
    return subject.compareTo(level) >= 0;
  }

  static Optional<FilterField> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Every field name, in the order of the documentation. */
  public static List<String> names() {
    return Arrays.stream(values()).map(FilterField::fieldName).toList();
  }
}
