package io.scatter.protocol;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Names a task and its parameters as strings: what a worker needs to find and re-validate the
 * task, without shipping typed values. {@code jars} are the SHA-256 digests (64 lower-case hex
 * digits) of the uploaded jars the task comes from, in the order their classes are looked up;
 * empty for a task on every JVM's classpath (the built-ins, {@code SCATTER_CLASSPATH}).
 */
public record TaskRef(String name, Map<String, String> params, List<String> jars) {

  /** A SHA-256 digest in hex. */
  public static final int DIGEST_HEX_LENGTH = 64;

  public TaskRef {
    params = Map.copyOf(params);
    jars = List.copyOf(jars);
    for (String digest : jars) {
      requireDigest(digest);
    }
    if (jars.stream().distinct().count() != jars.size()) {
      throw new IllegalArgumentException("a task names each jar once, got " + jars);
    }
  }

  /** A task on the classpath. */
  public TaskRef(String name, Map<String, String> params) {
    this(name, params, List.of());
  }

  /** Whether the task comes from uploaded jars. */
  public boolean shipsCode() {
    return !jars.isEmpty();
  }

  /**
   * @throws IllegalArgumentException unless {@code digest} is 64 lower-case hex digits (a SHA-256); checked
   *     before a digest names a file anywhere
   */
  public static String requireDigest(String digest) {
    if (digest == null || digest.length() != DIGEST_HEX_LENGTH
        || !digest.chars().allMatch(c -> HexFormat.isHexDigit(c) && !Character.isUpperCase(c))) {
      throw new IllegalArgumentException("a jar is named by its SHA-256 digest, 64 lower-case hex digits; got '"
          + (digest == null ? "null" : digest.length() > DIGEST_HEX_LENGTH ? digest.substring(0, DIGEST_HEX_LENGTH)
          + "..." : digest) + "'");
    }
    return digest;
  }
}
