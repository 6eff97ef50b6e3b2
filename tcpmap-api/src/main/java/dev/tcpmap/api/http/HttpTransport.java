package dev.tcpmap.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * HTTP/1.1 on Jetty 12 (core, no servlets), set up for a hostile network: bounded heads, header
 * counts and connections, timeouts for half-sent requests ({@link HttpLimits}), strict parsing (RFC
 * 9110 without bare-LF line ends, which a proxy in front may read otherwise), a URI compliance that
 * refuses every ambiguity Jetty knows (empty segments {@code //}, encoded {@code /}, {@code .} and
 * {@code ..}, bad or lone {@code %} escapes, control characters; 400), origin-form targets only
 * ({@link StrictConnectionFactory}), no {@code Server} header, and every answer Jetty makes itself
 * as tcpmap's JSON error ({@link JsonErrors}). With TLS, the same HTTP/1.1 inside it ({@link
 * ApiTls}).
 *
 * <p>Threads: a few platform threads select and parse; each request runs on a virtual thread of its
 * own (Jetty's {@link VirtualThreadPool} as the pool's virtual-thread executor, as Jetty's
 * programming guide recommends), where a handler may block.
 */
public final class HttpTransport implements AutoCloseable {
  // Jetty logs its version and each start at INFO: an agent's log is not the place for them. It
  // logs a few malformed requests (a second Host field, a bad authority) at WARNING, a line per
  // request a hostile client may send as often as it likes; they are answered with a 400 anyway.
  // Only where the logging configuration says nothing.
  private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");
  private static final List<Logger> PER_REQUEST_WARNINGS =
      List.of(
          Logger.getLogger("org.eclipse.jetty.http.HttpParser"),
          Logger.getLogger("org.eclipse.jetty.util.HostPort"));

  // Jetty pads a queue to the cache line by a count of references; unless this property gives it,
  // Jetty asks the platform MBean server whether oops are compressed, and starting that server
  // (every platform MXBean, the JFR command's XML) took 0.5-1.4 s here, more than the rest of
  // Jetty's first start. 16: 4-byte compressed references (heaps under 32 GB) in 64 bytes.
  private static final String REFERENCES_PER_CACHE_LINE =
      "org.eclipse.jetty.util.referencesPerCacheLine";

  /** Platform threads: one acceptor, one selector and the non-blocking tasks between them. */
  private static final int MAX_PLATFORM_THREADS = 8;

  private static final int MIN_PLATFORM_THREADS = 2;

  private final Server server;
  private final ServerConnector connector;
  private final ExecutorService requests;

  private HttpTransport(Server server, ServerConnector connector, ExecutorService requests) {
    this.server = server;
    this.connector = connector;
    this.requests = requests;
  }

  /**
   * Binds {@code bind} and serves every request with {@code handler}.
   *
   * @param cors what the error answers Jetty makes say to a cross-origin reader
   * @param tls the server's TLS, or empty for plain HTTP
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static HttpTransport start(
      InetSocketAddress bind,
      HttpLimits limits,
      Handler handler,
      Cors cors,
      Optional<SSLContext> tls) {
    quietJetty();
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
    }
    QueuedThreadPool threads = new QueuedThreadPool(MAX_PLATFORM_THREADS, MIN_PLATFORM_THREADS);
    threads.setName("tcpmap-http");
    ExecutorService requests =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tcpmap-http-", 0).factory());
    threads.setVirtualThreadsExecutor(requests);
    Server server = new Server(threads);
    server.setStopTimeout(0);
    ServerConnector connector = connector(server, bind, limits, tls);
    server.setErrorHandler(new JsonErrors(cors));
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      requests.shutdownNow();
      IOException cause = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      throw new UncheckedIOException(cause.getMessage(), cause);
    }
    return new HttpTransport(server, connector, requests);
  }

  /** The listening socket, its connections' limits, TLS and parsing. */
  private static ServerConnector connector(
      Server server, InetSocketAddress bind, HttpLimits limits, Optional<SSLContext> tls) {
    HttpConfiguration configuration = configuration(limits);
    if (tls.isPresent()) {
      // Jetty otherwise adds one that refuses (400) a request whose Host the certificate does not
      // name: peers call each other by pod IP, which the certificate rarely names. HostCheck
      // decides which Host is acceptable.
      configuration.addCustomizer(new SecureRequestCustomizer(false));
    }
    StrictConnectionFactory http = new StrictConnectionFactory(configuration, limits);
    ServerConnector connector =
        tls.isEmpty()
            ? new ServerConnector(server, 1, 1, http)
            : new ServerConnector(
                server, 1, 1, new SslConnectionFactory(ssl(tls.get()), http.getProtocol()), http);
    // An address literal, so that Jetty binds what was resolved (0.0.0.0 stays IPv4 only).
    connector.setHost(
        bind.getAddress() == null ? bind.getHostString() : bind.getAddress().getHostAddress());
    connector.setPort(bind.getPort());
    connector.setIdleTimeout(limits.requestTimeout().toMillis());
    server.addConnector(connector);
    NetworkConnectionLimit connections =
        new NetworkConnectionLimit(limits.maxConnections(), connector);
    // At the cap, idle connections give way sooner.
    connections.setEndPointIdleTimeout(limits.requestTimeout().toMillis());
    server.addBean(connections);
    return connector;
  }

  private static SslContextFactory.Server ssl(SSLContext context) {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setSslContext(context);
    return factory;
  }

  private static void quietJetty() {
    if (JETTY_LOG.getLevel() == null) {
      JETTY_LOG.setLevel(Level.WARNING);
    }
    for (Logger logger : PER_REQUEST_WARNINGS) {
      if (logger.getLevel() == null) {
        logger.setLevel(Level.SEVERE);
      }
    }
  }

  private static HttpConfiguration configuration(HttpLimits limits) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(limits.maxHeadBytes());
    http.setHttpCompliance(
        HttpCompliance.RFC9110.without(
            "RFC9110_CRLF", HttpCompliance.Violation.LF_HEADER_TERMINATION));
    http.setUriCompliance(UriCompliance.from(EnumSet.noneOf(UriCompliance.Violation.class)));
    return http;
  }

  /** The port listened on. */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Closes the listening socket and every connection, and interrupts the handlers still running, at
   * once: nothing is waited for.
   */
  @Override
  public void close() {
    stopQuietly(server);
    requests.shutdownNow();
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      JETTY_LOG.log(Level.FINE, "stopping the HTTP server failed", e);
    }
  }
}
