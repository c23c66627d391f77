package io.scatter.tls;

import io.scatter.node.ClusterTls;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a cluster's TLS folder ({@link ClusterTls} names its files): a private CA, a trust store
 * holding only the CA's certificate, and per member a PKCS12 key store with its own key and a
 * certificate the CA signed, each store with a generated password in a file beside it. Every file
 * is owner-only from its creation ({@link OwnerOnlyFiles}); keys are made here and written only here.
 *
 * <p>The JDK signs nothing through a public API, so Bouncy Castle builds the certificates (its
 * {@code bcpkix}, not its JCA provider: the keys, the signatures and the key stores are the JDK's
 * own). {@code keytool} could do it too, as Pekko's own test certificates are made, but takes a JVM
 * per step, four per member: seconds per member on a busy machine, where this takes milliseconds.
 *
 * <p>A folder that already has a CA keeps it: members added later are signed by the same CA, and an
 * existing member's key store is kept, never overwritten (delete its two files to make it anew).
 */
public final class ClusterCertificates {

  /** P-256 keys: fast to make and to handshake with, and in every JDK's TLS 1.3. */
  private static final String KEY_ALGORITHM = "EC";
  private static final String CURVE = "secp256r1";
  private static final String SIGNATURE = "SHA256withECDSA";
  /** A CA outlives its members' certificates, so members can be re-made under the same CA. */
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration MEMBER_VALIDITY = Duration.ofDays(825);
  /** Certificates valid from a little before now, so a peer whose clock is slightly behind accepts them. */
  private static final Duration CLOCK_SKEW = Duration.ofHours(1);
  private static final int PASSWORD_BYTES = 24;
  private static final int SERIAL_BITS = 128;
  private static final String STORE_TYPE = "PKCS12";

  /** What {@link #make} did: whether it made the CA, and which members' key stores it made and kept. */
  public record Made(Path dir, boolean madeCa, List<String> made, List<String> kept) { }

  private final SecureRandom random = new SecureRandom();
  private final Ticker ticker;

  public ClusterCertificates() {
    this(Ticker.system());
  }

  /** @param ticker where a certificate's validity starts from */
  public ClusterCertificates(Ticker ticker) {
    this.ticker = ticker;
  }

  /**
   * Makes in {@code dir} what is missing of a CA, the trust store and a key store per member.
   *
   * @throws IllegalArgumentException one line: a member name that cannot name a file, or a folder
   *     that cannot be written or holds a trust store without the CA's key
   */
  public Made make(Path dir, List<String> members) {
    for (String member : members) {
      if (!ClusterTls.MEMBER_NAME.matcher(member).matches() || member.equals(ClusterTls.CA)
          || member.equals(ClusterTls.TRUST_STORE)) {
        throw new IllegalArgumentException("'" + member + "' cannot name a member: use letters, digits, '.', '_' and "
            + "'-' only (and not '" + ClusterTls.CA + "' or '" + ClusterTls.TRUST_STORE + "')");
      }
    }
    try {
      OwnerOnlyFiles.folder(dir);
      boolean madeCa = !Files.exists(ClusterTls.keyStore(dir, ClusterTls.CA));
      Authority ca = madeCa ? newAuthority(dir) : loadAuthority(dir);
      if (!Files.exists(ClusterTls.keyStore(dir, ClusterTls.TRUST_STORE))) {
        writeTrustStore(dir, ca.certificate());
      }
      List<String> made = new ArrayList<>();
      List<String> kept = new ArrayList<>();
      for (String member : members.stream().distinct().toList()) {
        if (Files.exists(ClusterTls.keyStore(dir, member))) {
          kept.add(member);
        } else {
          writeMember(dir, member, ca);
          made.add(member);
        }
      }
      return new Made(dir, madeCa, made, kept);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write TLS folder " + dir + ": " + e.getMessage());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make certificates: " + e.getMessage(), e);
    }
  }

  /** The CA: its key and its self-signed certificate. */
  private record Authority(PrivateKey key, X509Certificate certificate) { }

  private Authority newAuthority(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
    if (Files.exists(ClusterTls.keyStore(dir, ClusterTls.TRUST_STORE))) {
      throw new IllegalArgumentException("TLS folder " + dir + " has a trust store but not the CA that made it ("
          + ClusterTls.keyStore(dir, ClusterTls.CA).getFileName() + "); new members need that CA, or a new folder");
    }
    KeyPair keys = newKeys();
    // The serial number in the name tells one scatter CA from another in every message that shows it.
    BigInteger serial = serial();
    X500Name name = name("scatter cluster CA " + serial.toString(16).substring(0, 8));
    X509v3CertificateBuilder builder = builder(name, serial, CA_VALIDITY, name, keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
    X509Certificate certificate = sign(builder, keys.getPrivate());
    writeKeyStore(dir, ClusterTls.CA, keys.getPrivate(), new Certificate[] {certificate});
    return new Authority(keys.getPrivate(), certificate);
  }

  private static Authority loadAuthority(Path dir) throws IOException, GeneralSecurityException {
    KeyStore store = load(dir, ClusterTls.CA);
    char[] password = password(dir, ClusterTls.CA);
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        return new Authority((PrivateKey) store.getKey(alias, password), (X509Certificate) store.getCertificate(alias));
      }
    }
    throw new IllegalArgumentException(ClusterTls.keyStore(dir, ClusterTls.CA) + " holds no key");
  }

  private void writeMember(Path dir, String member, Authority ca)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair keys = newKeys();
    X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal()
        .getEncoded()), serial(), MEMBER_VALIDITY, name(member), keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    // Every member both accepts connections and opens them.
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
    builder.addExtension(Extension.authorityKeyIdentifier, false,
        extensions.createAuthorityKeyIdentifier(ca.certificate()));
    X509Certificate certificate = sign(builder, ca.key());
    writeKeyStore(dir, member, keys.getPrivate(), new Certificate[] {certificate, ca.certificate()});
  }

  private void writeTrustStore(Path dir, X509Certificate caCertificate) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(STORE_TYPE);
    store.load(null, null);
    store.setCertificateEntry(ClusterTls.CA, caCertificate);
    save(dir, ClusterTls.TRUST_STORE, store, newPassword(dir, ClusterTls.TRUST_STORE));
  }

  private void writeKeyStore(Path dir, String name, PrivateKey key, Certificate[] chain)
      throws IOException, GeneralSecurityException {
    char[] password = newPassword(dir, name);
    KeyStore store = KeyStore.getInstance(STORE_TYPE);
    store.load(null, null);
    store.setKeyEntry(name, key, password, chain);
    save(dir, name, store, password);
  }

  private static void save(Path dir, String name, KeyStore store, char[] password)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = OwnerOnlyFiles.create(ClusterTls.keyStore(dir, name))) {
      store.store(out, password);
    }
  }

  /** A new password for store {@code name}, written to its file first: a key store never exists without it. */
  private char[] newPassword(Path dir, String name) throws IOException {
    byte[] bytes = new byte[PASSWORD_BYTES];
    random.nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    try (OutputStream out = OwnerOnlyFiles.create(ClusterTls.passwordFile(dir, name))) {
      out.write((password + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return password.toCharArray();
  }

  private static char[] password(Path dir, String name) throws IOException {
    return Files.readString(ClusterTls.passwordFile(dir, name), StandardCharsets.UTF_8).strip().toCharArray();
  }

  private static KeyStore load(Path dir, String name) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(STORE_TYPE);
    try (InputStream in = Files.newInputStream(ClusterTls.keyStore(dir, name))) {
      store.load(in, password(dir, name));
    }
    return store;
  }

  private KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
    generator.initialize(new ECGenParameterSpec(CURVE), random);
    return generator.generateKeyPair();
  }

  private BigInteger serial() {
    return new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "scatter").build();
  }

  private X509v3CertificateBuilder builder(X500Name issuer, BigInteger serial, Duration validity,
      X500Name subject, PublicKey key) {
    Instant issued = ticker.instant();
    return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(issued.minus(CLOCK_SKEW)),
        Date.from(issued.plus(validity)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE)
        .build(key)));
  }
}
