package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mutual TLS between the members of a cluster: Artery's {@code tls-tcp} transport with Pekko's
 * {@code ConfigSSLEngineProvider}, every member presenting its own key store and trusting only the
 * cluster's private CA (the settings that hold for every member are in {@code conf/cluster.conf}).
 * A TLS folder, made by {@code scatter certs} or {@code cluster up --tls}, holds per member
 * {@code NAME.p12} (its key and certificate, PKCS12) and {@code NAME.password}, the trust store
 * {@code truststore.p12} (the CA's certificate only) and its password, and possibly the CA's own
 * key store. Passwords are read from their files here, into the running system's configuration
 * only: never onto a command line or into the environment.
 */
public final class ClusterTls {

  /** Where a member finds its TLS folder when no {@code --tls DIR} is given; empty: plain TCP. */
  public static final String KEY = "scatter.cluster.tls-dir";
  /** The key store every coordinator presents ({@code scatter coordinator}, {@code run}, {@code compare}). */
  public static final String COORDINATOR = "coordinator";
  /** The CA's certificate, all that members trust. */
  public static final String TRUST_STORE = "truststore";
  /** The CA's key and certificate, which sign new members; never needed by a running member. */
  public static final String CA = "ca";
  public static final String STORE_SUFFIX = ".p12";
  public static final String PASSWORD_SUFFIX = ".password";
  /** Member names become file names and certificate subjects: nothing that could climb out of the folder. */
  public static final Pattern MEMBER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  static final String TRANSPORT_KEY = "pekko.remote.artery.transport";
  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";

  private ClusterTls() {
  }

  public static Path keyStore(Path dir, String store) {
    return dir.resolve(store + STORE_SUFFIX);
  }

  public static Path passwordFile(Path dir, String store) {
    return dir.resolve(store + PASSWORD_SUFFIX);
  }

  /** The TLS folder in force: the flag's when given, else the setting's; none means plain TCP. */
  public static Optional<Path> dir(Config config, Optional<Path> flag) {
    if (flag.isPresent()) {
      return flag;
    }
    String setting = config.getString(KEY).trim();
    return setting.isEmpty() ? Optional.empty() : Optional.of(Path.of(setting));
  }

  /**
   * {@code config} with Artery on {@code tls-tcp}: presenting {@code member}'s key store from
   * {@code dir} and trusting the CA of {@code dir}'s trust store.
   *
   * @throws IllegalArgumentException one line naming the file that is missing or unreadable
   */
  public static Config configure(Config config, Path dir, String member) {
    Path folder = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("TLS folder " + dir + " does not exist; 'scatter certs --out " + dir
          + " --nodes NAME,...' makes one");
    }
    if (!MEMBER_NAME.matcher(member).matches()) {
      throw new IllegalArgumentException("'" + member + "' cannot name a key store: use letters, digits, '.', '_' "
          + "and '-' only");
    }
    Path keyStore = existing(keyStore(folder, member), dir, member);
    Path trustStore = existing(keyStore(folder, TRUST_STORE), dir, member);
    String keyPassword = password(folder, member, dir);
    String trustPassword = password(folder, TRUST_STORE, dir);
    return ConfigFactory.parseMap(Map.of(
            TRANSPORT_KEY, "tls-tcp",
            ENGINE + "key-store", keyStore.toString(),
            ENGINE + "key-store-password", keyPassword,
            ENGINE + "key-password", keyPassword,
            ENGINE + "trust-store", trustStore.toString(),
            ENGINE + "trust-store-password", trustPassword))
        .withFallback(config);
  }

  /** Whether {@code config} is a TLS member's. */
  public static boolean enabled(Config config) {
    return "tls-tcp".equals(config.getString(TRANSPORT_KEY));
  }

  /** The key store a member with {@code config} presents; empty for plain TCP. */
  public static Optional<String> presented(Config config) {
    return enabled(config) ? Optional.of(config.getString(ENGINE + "key-store")) : Optional.empty();
  }

  private static Path existing(Path file, Path dir, String member) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("TLS folder " + dir + " has no " + file.getFileName() + "; 'scatter certs --out "
          + dir + " --nodes " + member + "' makes it (its CA must be in " + dir + ")");
    }
    return file;
  }

  private static String password(Path folder, String store, Path dir) {
    Path file = passwordFile(folder, store);
    try {
      String password = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (password.isEmpty()) {
        throw new IllegalArgumentException("TLS folder " + dir + ": " + file.getFileName() + " is empty");
      }
      return password;
    } catch (IOException e) {
      throw new IllegalArgumentException("TLS folder " + dir + ": cannot read " + file.getFileName() + " ("
          + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")");
    }
  }
}
