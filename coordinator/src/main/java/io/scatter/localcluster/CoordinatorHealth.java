package io.scatter.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a local cluster's coordinator whether it can run jobs ({@code GET /health}): 503 says the
 * cluster removed it and it is rejoining, with why. {@code cluster status} shows that, and
 * {@code cluster up} restarting every node knows whether they can join through the coordinator.
 */
public final class CoordinatorHealth {

  /** A coordinator on this machine answers at once or is too busy to count on. */
  private static final Duration WAIT = Duration.ofSeconds(2);
  private static final int UNAVAILABLE = 503;
  private static final ObjectMapper JSON = new ObjectMapper();

  private CoordinatorHealth() {
  }

  /**
   * Why the coordinator at {@code url} cannot run jobs, when its {@code /health} says so (503);
   * empty when it says ok, or says nothing we can read (a token it wants, no answer in time): only
   * its own word counts as trouble.
   */
  public static Optional<String> trouble(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url + "/health").toURL().openConnection();
      connection.setConnectTimeout((int) WAIT.toMillis());
      connection.setReadTimeout((int) WAIT.toMillis());
      try {
        if (connection.getResponseCode() != UNAVAILABLE) {
          return Optional.empty();
        }
        try (InputStream body = connection.getErrorStream()) {
          JsonNode problem = body == null ? null : JSON.readTree(body);
          return Optional.of(problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText()
              : "its /health answers 503");
        }
      } finally {
        connection.disconnect();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether nodes can join the cluster through the coordinator at {@code url}: unless it says it was removed. */
  public static boolean isMember(String url) {
    return trouble(url).isEmpty();
  }
}
