package io.scatter.api;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The bearer token a request must carry ({@code Authorization: Bearer <token>}), read from a file so
 * it never appears on a command line or in {@code ps}. Compared in constant time, over SHA-256
 * digests so that not even the token's length leaks through timing.
 */
public final class TokenAuth {

  private static final String SCHEME = "Bearer ";

  private final byte[] expected;

  private TokenAuth(byte[] token) {
    this.expected = sha256(token);
  }

  /**
   * The token in {@code file}, without the line break editors and {@code echo} add.
   *
   * @throws IllegalArgumentException one line when the file cannot be read or holds no token
   */
  public static TokenAuth fromFile(Path file) {
    return new TokenAuth(read(file).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The token in {@code file}, checked as a server checks it: what a client sends in its
   * Authorization header, so both ends read a token file the same way.
   *
   * @throws IllegalArgumentException one line when the file cannot be read or holds no token
   */
  public static String read(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the token file " + file + ": " + reason(e));
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the token file " + file + " is empty: put the token in it");
    }
    if (token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException("the token in " + file + " holds spaces or characters that an "
          + "Authorization header cannot carry: use printable ASCII, e.g. from 'openssl rand -hex 32'");
    }
    return token;
  }

  /**
   * The check a server on {@code address} runs: none on loopback unless a token file is given, and a
   * token file required anywhere else, since anyone who reaches the port could run and cancel jobs.
   *
   * @param flag how the token file is named to the user, e.g. {@code --token-file}
   * @throws IllegalArgumentException when {@code address} is not loopback and no token file is given
   */
  public static Optional<TokenAuth> forBind(InetAddress address, Optional<Path> tokenFile, String flag) {
    if (tokenFile.isPresent()) {
      return Optional.of(fromFile(tokenFile.get()));
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException("refusing to serve the API on " + address.getHostAddress()
          + ", which is not a loopback address, without " + flag + " FILE: every request would run unchecked");
    }
    return Optional.empty();
  }

  /** Whether an {@code Authorization} header value carries the token. */
  public boolean accepts(Optional<String> authorization) {
    if (authorization.isEmpty() || authorization.get().length() < SCHEME.length()
        || !authorization.get().regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] given = authorization.get().substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, sha256(given));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static String reason(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
