package io.scatter.service;

import com.typesafe.config.Config;
import io.scatter.node.ScatterConfig;
import io.scatter.node.fetch.IoStyle;
import io.scatter.node.fetch.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What a {@link JobRequest} gets for the fields it leaves out: {@code scatter.job.*} and
 * {@code scatter.fetch.*}, read once and checked, so a bad value fails at start naming the key and
 * where it was set ("scatter.job.partitions in /tmp/x.conf:1 must be at least 1, got -3"), not when
 * the first job happens to need it.
 *
 * @param io           the configured I/O styles in order; {@code compare} runs each, a request takes the first
 * @param workerOverlap batches a worker actor runs at once when they wait on the network
 *                      ({@code scatter.worker.overlap}), which a fetch job's derived lease allows for
 * @param maxUrls      the most URLs a fetch job may fetch, its list times its repeat ({@code scatter.fetch.max-urls})
 */
public record JobDefaults(long partitions, int maxAttempts, Duration leaseTimeout, boolean speculation, long batch,
    List<IoStyle> io, int concurrency, Duration timeout, long maxBodyBytes, int workerOverlap, long maxUrls) {

  static final String MAX_URLS = "scatter.fetch.max-urls";

  public JobDefaults {
    io = List.copyOf(io);
  }

  /** @throws IllegalArgumentException one line naming the setting, where it was set and what it should hold */
  public static JobDefaults from(Config config) {
    return new JobDefaults(
        atLeast(config, "scatter.job.partitions", Config::getLong, 1),
        (int) atLeast(config, "scatter.job.max-attempts", Config::getInt, 1),
        require(config, "scatter.job.lease-timeout", Config::getDuration, d -> !d.isNegative() && !d.isZero(),
            "positive"),
        config.getBoolean("scatter.job.speculation"),
        atLeast(config, "scatter.fetch.batch", Config::getLong, 1),
        ioStyles(config, "scatter.fetch.io"),
        (int) atLeast(config, "scatter.fetch.concurrency", Config::getInt, 1),
        // Whole milliseconds: the fetch task takes its timeout in them, and 0 would mean none at all.
        require(config, "scatter.fetch.timeout", Config::getDuration, d -> d.toMillis() >= 1, "at least 1ms"),
        atLeast(config, "scatter.fetch.max-body", Config::getBytes, 1),
        (int) atLeast(config, "scatter.worker.overlap", Config::getInt, 0),
        atLeast(config, MAX_URLS, Config::getLong, 1));
  }

  /** The I/O style a request without {@code io} gets. */
  public IoStyle defaultIo() {
    return io.get(0);
  }

  /** "blocking,async": each known, none twice, and none this JVM cannot run. */
  private static List<IoStyle> ioStyles(Config config, String key) {
    String name = key + " " + ScatterConfig.where(config, key);
    String text = config.getString(key);
    List<IoStyle> styles = new ArrayList<>();
    for (String part : text.split(",")) {
      IoStyle style;
      try {
        style = IoStyle.parse(part);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage());
      }
      if (style == IoStyle.VIRTUAL && !VirtualThreads.available()) {
        throw new IllegalArgumentException(name + " virtual " + VirtualThreads.requirement());
      }
      if (styles.contains(style)) {
        throw new IllegalArgumentException("I/O style '" + style.label() + "' is listed twice in " + name + " " + text);
      }
      styles.add(style);
    }
    return styles;
  }

  private static <T extends Number> long atLeast(Config config, String key, BiFunction<Config, String, T> read,
      long min) {
    return require(config, key, read, v -> v.longValue() >= min, "at least " + min).longValue();
  }

  private static <T> T require(Config config, String key, BiFunction<Config, String, T> read, Predicate<T> ok,
      String rule) {
    T value = read.apply(config, key);
    if (!ok.test(value)) {
      throw new IllegalArgumentException(key + " " + ScatterConfig.where(config, key) + " must be " + rule + ", got "
          + config.getValue(key).unwrapped());
    }
    return value;
  }
}
