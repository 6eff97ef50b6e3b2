package dev.tcpmap.bench;

import dev.tcpmap.capture.tls.Handshake;
import dev.tcpmap.capture.tls.TlsHandshakes;
import dev.tcpmap.capture.tls.TlsParser;
import dev.tcpmap.capture.tls.TlsSession;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Handshakes per second of the passive TLS parser: a new {@link TlsSession} fed both directions of
 * a real JDK handshake (recorded once in memory by {@link TlsHandshakes}) in TCP-sized pieces, then
 * its {@link Handshake} and JA4 taken.
 *
 * <ul>
 *   <li>{@code tls12}: ClientHello, ServerHello, Certificate (a 2-certificate EC chain, ~830
 *       bytes), ServerHelloDone. The JDK's {@code CertificateFactory} caches certificates by their
 *       bytes, so a server seen again costs little: the common case on a node.
 *   <li>{@code tls12NewCertificates}: the same with the leaf's serial number changed on every
 *       handshake (4,096 variants, more than the JDK's 750-entry cache), so every leaf is parsed.
 *   <li>{@code tls13}: ClientHello and ServerHello only (the rest is encrypted).
 * </ul>
 *
 * <pre>java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 TlsParseBenchmark</pre>
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TlsParseBenchmark extends ThroughputBenchmark {
  private static final int VARIANTS = 4096;
  private static final byte[] LEAF_SERIAL = HexFormat.of().parseHex("d4fbac67ea6e6798");

  /** Largest piece fed at once: an Ethernet MSS, or small segments. */
  @Param({"1448", "100"})
  public int segment;

  private TlsParser parser;
  private TlsHandshakes.Recorded tls12;
  private TlsHandshakes.Recorded tls13;
  private byte[][] tls12Servers;
  private int next;

  @Setup
  public void setUp() {
    parser = new TlsParser(TlsParser.DEFAULT_MAX_BUFFERED);
    tls12 =
        TlsHandshakes.record(
            "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "tls.test", List.of("h2"));
    tls13 =
        TlsHandshakes.record(
            "TLSv1.3", "TLS_AES_128_GCM_SHA256", "tls.test", List.of("h2", "http/1.1"));
    int serial = indexOf(tls12.server(), LEAF_SERIAL);
    tls12Servers = new byte[VARIANTS][];
    for (int i = 0; i < VARIANTS; i++) {
      byte[] server = tls12.server().clone();
      server[serial + LEAF_SERIAL.length - 2] = (byte) (i >> 8);
      server[serial + LEAF_SERIAL.length - 1] = (byte) i;
      tls12Servers[i] = server;
    }
    check(tls12(), true);
    check(tls13(), false);
    check(tls12NewCertificates(), true);
  }

  @Benchmark
  public Object tls12() {
    return parse(tls12.client(), tls12.server());
  }

  @Benchmark
  public Object tls12NewCertificates() {
    next = (next + 1) % VARIANTS;
    return parse(tls12.client(), tls12Servers[next]);
  }

  @Benchmark
  public Object tls13() {
    return parse(tls13.client(), tls13.server());
  }

  private Object parse(byte[] client, byte[] server) {
    TlsSession session = parser.open();
    feed(session, client, true);
    feed(session, server, false);
    Handshake handshake = session.handshake();
    return handshake.clientHello().orElseThrow().ja4() + handshake.certificates().isPresent();
  }

  private void feed(TlsSession session, byte[] bytes, boolean client) {
    for (int at = 0; at < bytes.length && !session.isDone(); at += segment) {
      int n = Math.min(segment, bytes.length - at);
      if (client) {
        session.client(bytes, at, n);
      } else {
        session.server(bytes, at, n);
      }
    }
  }

  private void check(Object result, boolean chain) {
    if (!result.toString().endsWith(Boolean.toString(chain))) {
      throw new IllegalStateException("unexpected parse: " + result);
    }
    if (!parser.counters().problems().isEmpty()) {
      throw new IllegalStateException("problems: " + parser.counters());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalStateException("leaf serial number not found");
  }
}
