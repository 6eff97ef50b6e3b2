package dev.tcpmap.bench;

import dev.tcpmap.api.http.BearerToken;
import dev.tcpmap.api.http.HostCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The API's checks on the request path, alone, on one thread: {@code host} is {@link
 * HostCheck#allows} for {@code 127.0.0.1:6676} on a loopback bind; {@code token} and {@code
 * wrongToken} are {@link BearerToken#accepts} for the right and a wrong {@code Authorization}
 * field, with the file's attributes looked at once a second (as served) or at every call ({@code
 * tokenStatEveryCall}). End to end, with Jetty, see {@code bench/api-access.sh}.
 *
 * <pre>java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 AccessCheckBenchmark</pre>
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class AccessCheckBenchmark extends ThroughputBenchmark {
  private static final String TOKEN = "bench-token-0123456789abcdef";

  private HostCheck hosts;
  private BearerToken token;
  private BearerToken tokenStatEveryCall;
  private Path file;

  @Setup
  public void setUp() throws IOException {
    hosts = HostCheck.of(InetAddress.getLoopbackAddress(), List.of());
    file = Files.createTempFile("tcpmap-bench", ".token");
    Files.writeString(file, TOKEN + "\n");
    // Written over 2 s before: not re-read as a possibly racy rewrite.
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    BearerToken.Listener quiet =
        new BearerToken.Listener() {
          @Override
          public void reloaded() {}

          @Override
          public void failed(String problem) {}
        };
    token = BearerToken.load(file, Duration.ofSeconds(1), quiet);
    tokenStatEveryCall = BearerToken.load(file, Duration.ZERO, quiet);
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  public boolean host() {
    return hosts.allows("127.0.0.1:6676");
  }

  @Benchmark
  public boolean token() {
    return token.accepts("Bearer " + TOKEN);
  }

  @Benchmark
  public boolean wrongToken() {
    return token.accepts("Bearer bench-token-0123456789abcdeX");
  }

  @Benchmark
  public boolean tokenStatEveryCall() {
    return tokenStatEveryCall.accepts("Bearer " + TOKEN);
  }
}
