package io.scatter.api;

import com.typesafe.config.Config;
import io.scatter.node.ScatterConfig;
import java.time.Duration;

/**
 * {@code scatter.api.*}, read once and checked, so a bad value fails at start naming the key.
 *
 * @param http         where {@code scatter coordinator} listens unless {@code --http} says otherwise
 * @param maxBodyBytes the largest request body read; a longer one is answered 413
 * @param bodyTimeout  how long a client may take to send its body
 * @param listDefault  jobs {@code GET /jobs} returns without {@code ?limit=}
 * @param listMax      the most {@code ?limit=} may ask for
 * @param drain        how long requests in flight get to finish when the server closes
 * @param waitMax      the longest {@code GET /jobs/{id}?wait=} may hold a request for the job's end
 */
public record ApiSettings(HostPort http, long maxBodyBytes, Duration bodyTimeout, int listDefault, int listMax,
    Duration drain, Duration waitMax) {

  /** @throws IllegalArgumentException one line naming the key and where it was set */
  public static ApiSettings from(Config config) {
    HostPort http;
    try {
      http = HostPort.parse(config.getString("scatter.api.http"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scatter.api.http " + ScatterConfig.where(config, "scatter.api.http")
          + ": " + e.getMessage());
    }
    long maxBody = config.getBytes("scatter.api.max-body");
    Duration bodyTimeout = config.getDuration("scatter.api.body-timeout");
    int listDefault = config.getInt("scatter.api.list-default");
    int listMax = config.getInt("scatter.api.list-max");
    Duration drain = config.getDuration("scatter.api.drain");
    Duration waitMax = config.getDuration("scatter.api.wait-max");
    Duration requestTimeout = config.getDuration("pekko.http.server.request-timeout");
    require(config, "scatter.api.max-body", maxBody >= 1, "at least 1 byte");
    require(config, "scatter.api.body-timeout", !bodyTimeout.isNegative() && !bodyTimeout.isZero(), "positive");
    require(config, "scatter.api.list-max", listMax >= 1, "at least 1");
    require(config, "scatter.api.list-default", listDefault >= 1 && listDefault <= listMax,
        "between 1 and scatter.api.list-max (" + listMax + ")");
    require(config, "scatter.api.drain", !drain.isNegative(), "0s or more");
    // Pekko HTTP answers 503 to a request held past its request-timeout: a wait must end before that.
    require(config, "scatter.api.wait-max", !waitMax.isNegative() && !waitMax.isZero() && waitMax.compareTo(requestTimeout) < 0,
        "positive and shorter than pekko.http.server.request-timeout (" + requestTimeout.toMillis() + " ms)");
    return new ApiSettings(http, maxBody, bodyTimeout, listDefault, listMax, drain, waitMax);
  }

  private static void require(Config config, String key, boolean ok, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(key + " " + ScatterConfig.where(config, key) + " must be " + rule + ", got "
          + config.getValue(key).unwrapped());
    }
  }
}
