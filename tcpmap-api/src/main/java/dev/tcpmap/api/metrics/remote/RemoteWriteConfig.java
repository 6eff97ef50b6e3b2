package dev.tcpmap.api.metrics.remote;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.core.model.Checks;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the agent remote-writes its metrics.
 *
 * @param url the receiver, e.g. {@code http://prometheus:9090/api/v1/write}
 * @param every how often the registry is read and queued
 * @param timeout longest one request may take
 * @param maxQueuedSamples most samples waiting to be sent; a batch that finds the queue full pushes
 *     out the oldest, whose samples are counted as dropped
 * @param externalLabels added to every series (a metric's own label of the same name wins)
 * @param bearerTokenFile read at each request (tokens are rotated), or empty
 * @param basicAuth user and password file, or empty
 * @param caFile PEM certificates that verify the receiver's, instead of the JDK's, or empty
 */
public record RemoteWriteConfig(
    URI url,
    Duration every,
    Duration timeout,
    int maxQueuedSamples,
    Map<String, String> externalLabels,
    Optional<Path> bearerTokenFile,
    Optional<ClientCredentials.BasicAuth> basicAuth,
    Optional<Path> caFile) {

  public RemoteWriteConfig {
    Checks.nonNull("url every timeout", url, every, timeout);
    externalLabels = Map.copyOf(externalLabels);
    Checks.nonNull("bearerTokenFile basicAuth caFile", bearerTokenFile, basicAuth, caFile);
    if (maxQueuedSamples < 1) {
      throw new IllegalArgumentException("maxQueuedSamples must be positive: " + maxQueuedSamples);
    }
    new ClientCredentials(bearerTokenFile, basicAuth, caFile); // they must go together
  }

  /** How to authenticate to the receiver and which certificates to trust. */
  public ClientCredentials credentials() {
    return new ClientCredentials(bearerTokenFile, basicAuth, caFile);
  }
}
