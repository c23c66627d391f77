package io.scatter.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.scatter.node.ClusterTls;
import io.scatter.testing.TestConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS folder {@code scatter certs} makes, and what a member reads from it. */
final class ClusterCertificatesTest {

  @TempDir
  Path dir;

  @Test
  void make_newFolder_ownerOnlyStoresSignedByOneCa() throws Exception {
    Path out = dir.resolve("certs");
    ClusterCertificates.Made made = new ClusterCertificates().make(out, List.of("node-a", "coordinator"));

    assertTrue(made.madeCa());
    assertEquals(List.of("node-a", "coordinator"), made.made());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    try (Stream<Path> files = Files.list(out)) {
      for (Path file : files.toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
      }
    }
    X509Certificate ca = (X509Certificate) load(out, ClusterTls.TRUST_STORE).getCertificate(ClusterTls.CA);
    KeyStore member = load(out, "node-a");
    X509Certificate own = (X509Certificate) member.getCertificate("node-a");
    own.verify(ca.getPublicKey());
    assertTrue(own.getSubjectX500Principal().getName().contains("CN=node-a"), own.getSubjectX500Principal().getName());
    assertEquals(-1, own.getBasicConstraints(), "a member is no CA");
    assertTrue(ca.getBasicConstraints() >= 0, "the CA is one");
    assertTrue(member.isKeyEntry("node-a"));
  }

  @Test
  void make_folderWithCa_signsNewMembersWithItAndKeepsTheOldOnes() throws Exception {
    Path out = dir.resolve("certs");
    ClusterCertificates certificates = new ClusterCertificates();
    certificates.make(out, List.of("node-a"));
    byte[] before = Files.readAllBytes(ClusterTls.keyStore(out, "node-a"));

    ClusterCertificates.Made again = certificates.make(out, List.of("node-a", "node-b"));

    assertFalse(again.madeCa());
    assertEquals(List.of("node-b"), again.made());
    assertEquals(List.of("node-a"), again.kept());
    assertTrue(Arrays.equals(before, Files.readAllBytes(ClusterTls.keyStore(out, "node-a"))));
    X509Certificate ca = (X509Certificate) load(out, ClusterTls.TRUST_STORE).getCertificate(ClusterTls.CA);
    ((X509Certificate) load(out, "node-b").getCertificate("node-b")).verify(ca.getPublicKey());
  }

  @Test
  void make_nameThatCouldLeaveTheFolder_isRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new ClusterCertificates().make(dir.resolve("certs"), List.of("../node-a")));
    assertTrue(refused.getMessage().contains("'../node-a' cannot name a member"), refused.getMessage());
    assertFalse(Files.exists(dir.resolve("certs")), "nothing made");
  }

  @Test
  void configure_memberWithStores_tlsTcpWithItsFilesAndPasswords() throws Exception {
    Path out = dir.resolve("certs");
    new ClusterCertificates().make(out, List.of("node-a"));

    Config config = ClusterTls.configure(TestConfig.loadForCluster(), out, "node-a");

    assertTrue(ClusterTls.enabled(config));
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    assertEquals(ClusterTls.keyStore(out, "node-a").toAbsolutePath().toString(), config.getString(engine + "key-store"));
    assertEquals(Files.readString(ClusterTls.passwordFile(out, "node-a")).strip(),
        config.getString(engine + "key-store-password"));
    assertTrue(config.getBoolean(engine + "require-mutual-authentication"));
  }

  @Test
  void configure_memberWithoutKeyStore_namesTheMissingFileAndHowToMakeIt() {
    Path out = dir.resolve("certs");
    new ClusterCertificates().make(out, List.of("node-a"));

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ClusterTls.configure(TestConfig.loadForCluster(), out, "node-b"));

    assertTrue(refused.getMessage().contains("has no node-b.p12; 'scatter certs --out " + out + " --nodes node-b'"),
        refused.getMessage());
  }

  private static KeyStore load(Path folder, String store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ClusterTls.keyStore(folder, store))) {
      keys.load(in, Files.readString(ClusterTls.passwordFile(folder, store)).strip().toCharArray());
    }
    return keys;
  }
}
