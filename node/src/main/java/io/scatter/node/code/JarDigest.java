package io.scatter.node.code;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A jar's name everywhere: the SHA-256 of its bytes, in lower-case hex. */
public final class JarDigest {

  private static final int BUFFER_BYTES = 64 * 1024;

  private JarDigest() {
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String of(byte[] bytes) {
    MessageDigest sha = sha256();
    sha.update(bytes);
    return hex(sha);
  }

  public static String of(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return hex(sha);
  }

  /** The first twelve digits: enough to tell jars apart in a message, as git shortens commits. */
  public static String shortly(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) : digest;
  }
}
