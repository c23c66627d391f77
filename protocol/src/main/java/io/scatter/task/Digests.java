package io.scatter.task;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Short fingerprints for answers too long to print whole. */
public final class Digests {

  /** Hex characters kept of the SHA-256: enough to tell answers apart at a glance. */
  public static final int SHORT_HEX_LENGTH = 16;

  private Digests() {
  }

  /** First {@value #SHORT_HEX_LENGTH} hex characters of SHA-256 over {@link BigInteger#toByteArray()}. */
  public static String shortSha256(BigInteger value) {
    return shortSha256(value.toByteArray());
  }

  public static String shortSha256(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(hash).substring(0, SHORT_HEX_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }

  /** "{@code 1,502,289 bits, sha256 230e8a7af76612c4}", or the number itself when it is short. */
  public static String summarise(BigInteger value, int maxDigits) {
    // A number of d decimal digits has at most 3.33 d bits, so 4 bits per digit never skips a short one.
    String decimal = value.bitLength() <= maxDigits * 4 ? value.toString() : null;
    if (decimal != null && decimal.length() <= maxDigits) {
      return decimal;
    }
    // Locale.ROOT: the grouping separator is always a comma, whatever the JVM's default locale.
    return String.format(Locale.ROOT, "%,d bits, sha256 %s", value.bitLength(), shortSha256(value));
  }
}
