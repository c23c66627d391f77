package io.scatter.node.code;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code scatter.jobs.*}: uploaded task jars, read once and checked, so a bad value fails at start naming the key.
 *
 * @param upload      who may upload a jar to the job API
 * @param store       where a coordinator keeps uploaded jars, by digest
 * @param cache       where a node keeps the jars it fetched, by digest
 * @param maxJarBytes the largest jar an upload may be
 * @param maxJars     the most jars a store holds; an upload past it is refused
 * @param jarSetIdle  a jar set's class loader unused this long is dropped from the cache
 * @param jarStoreIdle a stored jar neither uploaded again nor named by a job for this long is deleted
 * @param fetchWait   how long a node waits for one chunk of a jar from the job's coordinator
 * @param chunkBytes  the bytes one chunk carries (a cluster message: within Artery's frame)
 */
public record CodeSettings(Upload upload, Path store, Path cache, long maxJarBytes, int maxJars, Duration jarSetIdle,
    Duration jarStoreIdle, Duration fetchWait, int chunkBytes) {

  /** Artery's default frame is 1 MiB (cluster.conf); a chunk leaves room for its envelope. */
  private static final long MAX_CHUNK_BYTES = 512 * 1024;

  /** Who may upload code: what a coordinator that runs it allows. */
  public enum Upload {
    /** Only a request carrying the API's token: a coordinator serving without one takes no uploads. */
    TOKEN,
    /** Also anyone who reaches a loopback API served without a token: every user of this machine. */
    LOOPBACK,
    /** Nobody: the coordinator runs only tasks on its classpath. */
    OFF;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** @throws IllegalArgumentException one line naming the key and where it was set */
  public static CodeSettings from(Config config) {
    SettingsReader c = SettingsReader.of(config, "scatter.jobs");
    Upload upload = c.read("allow-code-upload", (conf, key) -> conf.getString(key).strip().toUpperCase(Locale.ROOT),
        value -> value.equals("TOKEN") || value.equals("LOOPBACK") || value.equals("OFF"), "be token, loopback or off")
        .transform(Upload::valueOf);
    Path store = Path.of(c.read("jar-store", Config::getString, s -> !s.isBlank(), "name a folder"));
    Path cache = Path.of(c.read("jar-cache", Config::getString, s -> !s.isBlank(), "name a folder"));
    long maxJar = c.read("max-jar-size", Config::getBytes, n -> n >= 1, "be at least 1 byte");
    int maxJars = c.atLeast("max-jars", 1);
    Duration idle = c.positive("jar-set-idle");
    Duration storeIdle = c.positive("jar-store-idle");
    Duration fetchWait = c.positive("fetch-wait");
    long chunk = c.read("fetch-chunk", Config::getBytes, n -> n >= 1 && n <= MAX_CHUNK_BYTES,
        "be from 1 byte to " + MAX_CHUNK_BYTES / 1024 + " KiB (one cluster message)");
    return new CodeSettings(upload, store, cache, maxJar, maxJars, idle, storeIdle, fetchWait, (int) chunk);
  }

  /** The same settings with uploads turned off ({@code scatter coordinator --no-code-upload}). */
  public CodeSettings withoutUploads() {
    return new CodeSettings(Upload.OFF, store, cache, maxJarBytes, maxJars, jarSetIdle, jarStoreIdle, fetchWait,
        chunkBytes);
  }
}
