package io.scatter.service;

import com.typesafe.config.Config;
import io.scatter.protocol.wire.WireBudget;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How long a fetch job's URL list may be when the job runs in a cluster, where it travels to every
 * worker inside one message: {@code scatter.fetch.max-url-list-cluster}, checked against the frame
 * a cluster message may fill. A list that passed the setting and not the frame would be dropped on
 * the wire (the coordinator then fails the job, but only once it has joined the cluster).
 *
 * @param maxBytes the longest joined list, in UTF-8 bytes
 */
public record UrlListLimit(long maxBytes) {

  static final String KEY = "scatter.fetch.max-url-list-cluster";

  /**
   * @param cluster the configuration of the cluster member this JVM will be
   * @throws IllegalArgumentException when the setting is more than a frame carries
   */
  public static UrlListLimit of(Config cluster) {
    long max = cluster.getBytes(KEY);
    long frame = cluster.getBytes(WireBudget.MAX_FRAME_PATH);
    long payload = WireBudget.payloadBytes(cluster);
    if (max > payload) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s = %,d bytes is more than one cluster message "
          + "carries: %s = %,d bytes, less %,d for the envelope, leaves %,d; lower the first or raise the second "
          + "(on every node)", KEY, max, WireBudget.MAX_FRAME_PATH, frame, WireBudget.ENVELOPE_RESERVE_BYTES, payload));
    }
    return new UrlListLimit(max);
  }

  /** @param joined the URLs as the job carries them, one per line */
  void check(String joined) {
    long size = joined.getBytes(StandardCharsets.UTF_8).length;
    if (size > maxBytes) {
      throw new JobRequestException("urls", String.format(Locale.ROOT, "the URL list is %,d bytes; cluster mode sends it to every "
          + "worker in one message of at most %,d bytes (" + KEY + "): split the list or use {repeat}", size, maxBytes));
    }
  }
}
