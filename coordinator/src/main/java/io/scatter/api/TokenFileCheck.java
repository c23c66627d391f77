package io.scatter.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What is weak about a token file, said once when a command reads it: others may read the token
 * (its mode lets group or others in), or it is short enough to guess. A warning, not a refusal: the
 * file may sit where the mode means nothing (a mounted secret), and the owner decides.
 */
public final class TokenFileCheck {

  /** 16 characters of a hex token are 64 bits: beyond guessing over HTTP; 'openssl rand -hex 32' gives 64. */
  static final int MIN_LENGTH = 16;

  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private TokenFileCheck() {
  }

  /**
   * One line naming what is weak about {@code file}, or empty when nothing is.
   *
   * @throws IllegalArgumentException as {@link TokenAuth#read} does, when the file holds no usable token
   */
  public static Optional<String> warning(Path file) {
    String token = TokenAuth.read(file);
    List<String> weak = new ArrayList<>();
    posixMode(file).filter(mode -> mode.stream().anyMatch(OTHERS::contains)).ifPresent(mode ->
        weak.add("is open to group or others (mode " + octal(mode) + "; chmod 600 it)"));
    if (token.length() < MIN_LENGTH) {
      weak.add("holds a token of " + token.length() + " characters (use " + MIN_LENGTH
          + " or more, e.g. from 'openssl rand -hex 32')");
    }
    return weak.isEmpty() ? Optional.empty()
        : Optional.of("warning: the token file " + file + " " + String.join(" and ", weak));
  }

  /** Empty where the file system has no POSIX permissions (or they cannot be read): nothing to judge. */
  private static Optional<Set<PosixFilePermission>> posixMode(Path file) {
    try {
      return Optional.of(Files.getPosixFilePermissions(file));
    } catch (UnsupportedOperationException | IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** rw-r--r-- -> 0644. */
  static String octal(Set<PosixFilePermission> mode) {
    int bits = 0;
    for (PosixFilePermission permission : mode) {
      bits |= 1 << (8 - permission.ordinal()); // OWNER_READ is ordinal 0, the highest of the nine bits
    }
    return String.format(Locale.ROOT, "%04o", bits);
  }
}
