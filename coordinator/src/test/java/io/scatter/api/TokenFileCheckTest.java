package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A token file others can read, or a token short enough to guess: one line of warning, never a refusal. */
final class TokenFileCheckTest {

  private static final String LONG = "0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  @BeforeEach
  void posixOnly() {
    org.junit.jupiter.api.Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "this file system has no POSIX permissions");
  }

  private Path tokenFile(String token, String mode) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), token + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rw-------", "r--------"})
  void warning_ownerOnlyAndLong_none(String mode) throws Exception {
    assertEquals(Optional.empty(), TokenFileCheck.warning(tokenFile(LONG, mode)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"rw-r--r--, 0644", "rw-r-----, 0640", "rw-----w-, 0602", "rwx---r--, 0704"})
  void warning_openToGroupOrOthers_namesTheMode(String mode, String octal) throws Exception {
    Path file = tokenFile(LONG, mode);

    assertEquals(Optional.of("warning: the token file " + file + " is open to group or others (mode " + octal
        + "; chmod 600 it)"), TokenFileCheck.warning(file));
  }

  @Test
  void warning_shortToken_saysHowLongToMakeIt() throws Exception {
    Path file = tokenFile("s3cret-token", "rw-------");

    assertEquals(Optional.of("warning: the token file " + file + " holds a token of 12 characters (use 16 or more, "
        + "e.g. from 'openssl rand -hex 32')"), TokenFileCheck.warning(file));
  }

  @Test
  void warning_both_inOneLine() throws Exception {
    String warning = TokenFileCheck.warning(tokenFile("short", "rw-rw-rw-")).orElseThrow();

    assertTrue(warning.contains("(mode 0666; chmod 600 it) and holds a token of 5 characters"), warning);
    assertEquals(1, warning.lines().count(), warning);
  }

  @Test
  void warning_exactlySixteen_isLongEnough() throws Exception {
    assertEquals(Optional.empty(), TokenFileCheck.warning(tokenFile("0123456789abcdef", "rw-------")));
  }

  @Test
  void warning_unreadableToken_isTheReadersRefusal() {
    assertThrows(IllegalArgumentException.class, () -> TokenFileCheck.warning(dir.resolve("missing")));
  }
}
