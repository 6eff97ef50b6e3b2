package dev.tcpmap.query.filter;

import dev.cel.runtime.CelVariableResolver;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The values of the fields ({@link FilterField}) of one subject, as CEL reads them: strings, {@code
 * long} integers, booleans and {@link Duration}s. A string nothing is known of is {@code ""} (no
 * namespace, no handshake seen, no process on this host).
 */
final class FilterValues {
  private static final String PROTOCOL = "tcp";
  private static final String[] KINDS = new String[Endpoint.Kind.values().length];

  static {
    for (Endpoint.Kind k : Endpoint.Kind.values()) {
      KINDS[k.ordinal()] = k.name().toLowerCase(Locale.ROOT);
    }
  }

  private FilterValues() {}

  /** A connection record, with its handshake or null. */
  record OfConnection(ConnectionRecord record, TlsHandshake handshake, Duration persistent)
      implements CelVariableResolver {
    @Override
    public Optional<Object> find(String name) {
      return FilterField.byName(name).map(this::value);
    }

    private Object value(FilterField f) {
      Connection c = record.connection();
      return switch (f) {
        case SRC_PORT -> (long) c.clientPort();
        case DST_PORT -> (long) c.serverPort();
        case SRC_PROCESS -> process(record.client(), c.details().client());
        case DST_PROCESS -> process(record.server(), c.details().server());
        case SRC_CONTAINER -> c.details().client().container();
        case DST_CONTAINER -> c.details().server().container();
        case OUTCOME -> c.outcome().wireName();
        case BYTES_SENT -> c.bytesSent();
        case BYTES_RECEIVED -> c.bytesReceived();
        case DURATION -> c.duration();
        case PERSISTENT -> c.duration().compareTo(persistent) >= 0;
        case TLS_SNI, TLS_VERSION, TLS_CIPHER, TLS_JA4 -> tls(handshake, f);
        default -> ends(record.client(), record.server(), f);
      };
    }
  }

  /** An edge: its ends and its server port. */
  record OfEdge(EdgeKey key) implements CelVariableResolver {
    @Override
    public Optional<Object> find(String name) {
      return FilterField.byName(name)
          .map(
              f ->
                  f == FilterField.DST_PORT
                      ? (long) key.serverPort()
                      : ends(key.client(), key.server(), f));
    }
  }

  /** A handshake with its ends named. */
  record OfHandshake(TlsHandshake handshake, Endpoint client, Endpoint server)
      implements CelVariableResolver {
    @Override
    public Optional<Object> find(String name) {
      return FilterField.byName(name).map(this::value);
    }

    private Object value(FilterField f) {
      return switch (f) {
        case SRC_PORT -> (long) handshake.clientPort();
        case DST_PORT -> (long) handshake.serverPort();
        case TLS_SNI, TLS_VERSION, TLS_CIPHER, TLS_JA4 -> tls(handshake, f);
        default -> ends(client, server, f);
      };
    }
  }

  /**
   * A field of either end, or the protocol.
   *
   * @throws IllegalArgumentException for a field the subject does not know: the filter was checked
   *     against the subject's level before it ran, so this is a bug
   */
  private static Object ends(Endpoint client, Endpoint server, FilterField f) {
    return switch (f) {
      case SRC_IP -> client.ip().toString();
      case SRC_NAMESPACE -> client.namespace();
      case SRC_POD -> pod(client);
      case SRC_WORKLOAD -> client.workload().toString();
      case SRC_KIND -> KINDS[client.kind().ordinal()];
      case SRC_NAME -> client.name();
      case SRC_NODE -> client.node();
      case DST_IP -> server.ip().toString();
      case DST_NAMESPACE -> server.namespace();
      case DST_POD -> pod(server);
      case DST_WORKLOAD -> server.workload().toString();
      case DST_KIND -> KINDS[server.kind().ordinal()];
      case DST_NAME -> server.name();
      case DST_NODE -> server.node();
      case PROTOCOL -> PROTOCOL;
      default -> throw new IllegalArgumentException(f.fieldName() + " is not known here");
    };
  }

  private static String pod(Endpoint end) {
    return end.kind() == Endpoint.Kind.POD ? end.name() : "";
  }

  /** The process's {@code comm}; a process end is named by it. */
  private static String process(Endpoint end, ProcessInfo process) {
    return process.command().isEmpty() && end.kind() == Endpoint.Kind.PROCESS
        ? end.name()
        : process.command();
  }

  private static String tls(TlsHandshake h, FilterField f) {
    if (h == null) {
      return "";
    }
    return switch (f) {
      case TLS_SNI -> h.sni();
      case TLS_VERSION -> h.version();
      case TLS_CIPHER -> h.cipherSuite();
      default -> h.ja4();
    };
  }
}
