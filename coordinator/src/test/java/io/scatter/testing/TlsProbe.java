package io.scatter.testing;

import io.scatter.node.ClusterAddress;
import io.scatter.node.ClusterTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Opens connections to a node's Artery port the way a stranger would, and tells whether the node
 * kept the connection (waiting for Artery's first bytes) or refused it. The probe trusts any server:
 * what it tests is what the node accepts, not the node's certificate.
 */
public final class TlsProbe {

  private static final int CONNECT_MILLIS = 5_000;
  /** A node that accepted a connection waits for the peer's first frame; this long of silence means it kept it. */
  private static final int HOLD_MILLIS = 1_500;
  /** A node that refuses closes the connection at once; this bounds the wait for that. */
  private static final int CLOSE_MILLIS = 10_000;

  private TlsProbe() {
  }

  /** Whether {@code node} completes a TLS handshake with a client presenting {@code store} of {@code folder} and keeps the connection. */
  public static boolean acceptsTlsClient(ClusterAddress node, Path folder, String store) throws Exception {
    SSLContext context = clientContext(folder, store);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(node.host(), node.port()), CONNECT_MILLIS);
      socket.setSoTimeout(HOLD_MILLIS);
      socket.startHandshake();
      // In TLS 1.3 the server checks the client's certificate after the client's side of the handshake
      // is done: its refusal arrives as an alert on the first read.
      return socket.getInputStream().read() != -1;
    } catch (SocketTimeoutException held) {
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  /** Whether {@code node} keeps a plain TCP connection that sends it a few unencrypted bytes. */
  public static boolean acceptsPlainClient(ClusterAddress node) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(node.host(), node.port()), CONNECT_MILLIS);
      socket.setSoTimeout(CLOSE_MILLIS);
      socket.getOutputStream().write("plain bytes, no TLS\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      while (in.read() != -1) {
        // a TLS alert, perhaps; the node closes right after
      }
      return false;
    } catch (SocketTimeoutException held) {
      return true;
    } catch (IOException reset) {
      return false;
    }
  }

  private static SSLContext clientContext(Path folder, String store) throws IOException, GeneralSecurityException {
    char[] password = Files.readString(ClusterTls.passwordFile(folder, store)).strip().toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ClusterTls.keyStore(folder, store))) {
      keys.load(in, password);
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers.getKeyManagers(), new TrustManager[] {new TrustingAnyServer()}, null);
    return context;
  }

  private static final class TrustingAnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // The probe tests what the node accepts, not who the node is.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
