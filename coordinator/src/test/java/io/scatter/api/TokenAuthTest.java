package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The start check (a token is required off loopback) and the comparison of the header against the token file. */
final class TokenAuthTest {

  @TempDir
  Path dir;

  private Path tokenFile(String content) throws Exception {
    return Files.writeString(dir.resolve("token"), content);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "192.168.0.7", "::"})
  void forBind_notLoopbackWithoutTokenFile_isRefusedNamingTheFlag(String host) throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenAuth.forBind(InetAddress.getByName(host), Optional.empty(), "--token-file"));

    assertTrue(e.getMessage().contains("--token-file FILE"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.5", "::1"})
  void forBind_loopbackWithoutTokenFile_servesOpen(String host) throws Exception {
    assertEquals(Optional.empty(), TokenAuth.forBind(InetAddress.getByName(host), Optional.empty(), "--token-file"));
  }

  @Test
  void forBind_notLoopbackWithTokenFile_checksTheToken() throws Exception {
    Optional<TokenAuth> auth = TokenAuth.forBind(InetAddress.getByName("10.1.2.3"),
        Optional.of(tokenFile("s3cret\n")), "--token-file");

    assertTrue(auth.orElseThrow().accepts(Optional.of("Bearer s3cret")));
  }

  @Test
  void accepts_onlyTheBearerTokenFromTheFile() throws Exception {
    TokenAuth auth = TokenAuth.fromFile(tokenFile("s3cret\n"));

    assertTrue(auth.accepts(Optional.of("Bearer s3cret")));
    assertTrue(auth.accepts(Optional.of("bearer s3cret")));
    assertFalse(auth.accepts(Optional.empty()));
    assertFalse(auth.accepts(Optional.of("Bearer s3cre")));
    assertFalse(auth.accepts(Optional.of("Bearer s3crett")));
    assertFalse(auth.accepts(Optional.of("Bearer ")));
    assertFalse(auth.accepts(Optional.of("Basic s3cret")));
    assertFalse(auth.accepts(Optional.of("s3cret")));
  }

  @Test
  void fromFile_emptyFile_isRefused() throws Exception {
    Path empty = tokenFile(" \n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenAuth.fromFile(empty));

    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
  }

  @Test
  void fromFile_missingFile_isRefusedNamingIt() {
    Path missing = dir.resolve("nope");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenAuth.fromFile(missing));

    assertEquals("cannot read the token file " + missing + ": no such file", e.getMessage());
  }

  @Test
  void fromFile_tokenWithASpace_isRefused() throws Exception {
    Path spaced = tokenFile("two words");

    assertThrows(IllegalArgumentException.class, () -> TokenAuth.fromFile(spaced));
  }
}
