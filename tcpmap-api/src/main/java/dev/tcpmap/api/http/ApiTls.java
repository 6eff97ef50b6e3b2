package dev.tcpmap.api.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The API's TLS, from PEM files as a Kubernetes TLS Secret holds them: the server's key and chain,
 * and what this agent trusts when it calls its peers over HTTPS.
 *
 * <p>Peers are called by pod IP, which a certificate rarely names, so no host name or address is
 * verified: with a CA file, a peer's chain must lead to one of its certificates (any certificate
 * that CA issued is accepted: give the agents a CA of their own); without one, a peer must present
 * this agent's own certificate, the one every agent mounts from the same Secret (and then holds its
 * key: the handshake proves it). Immutable.
 */
public final class ApiTls {
  private final SSLContext server;
  private final SSLContext peers;

  private ApiTls(SSLContext server, SSLContext peers) {
    this.server = server;
    this.peers = peers;
  }

  /**
   * Reads and checks the files: the chain parses, the key is the leaf's.
   *
   * @throws IllegalArgumentException in one line naming the file and what is wrong
   */
  public static ApiTls load(AccessConfig.TlsFiles files) {
    List<X509Certificate> chain = certificates(files.certificate());
    X509Certificate leaf = chain.getFirst();
    String algorithm = leaf.getPublicKey().getAlgorithm();
    String keyText = text(files.key());
    PrivateKey key;
    try {
      key = PemKeys.read(keyText, algorithm);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(files.key() + ": " + e.getMessage());
    }
    if (!matches(key, leaf)) {
      throw new IllegalArgumentException(
          files.key()
              + ": the private key is not the certificate's ("
              + files.certificate()
              + ", "
              + leaf.getSubjectX500Principal().getName()
              + ")");
    }
    Optional<List<X509Certificate>> ca = files.ca().map(ApiTls::certificates);
    try {
      return new ApiTls(serverContext(key, chain), peerContext(leaf, ca));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          files.certificate() + ": cannot set up TLS with it: " + e.getMessage());
    }
  }

  /** What the API serves with. */
  public SSLContext server() {
    return server;
  }

  /** What the calls to peers use: trusts as the class comment says, names no verification. */
  public SSLContext peers() {
    return peers;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read it: " + FileProblems.describe(e));
    }
  }

  private static List<X509Certificate> certificates(Path file) {
    byte[] pem = text(file).getBytes(StandardCharsets.ISO_8859_1);
    try {
      List<X509Certificate> chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(file + ": no PEM certificate in it");
      }
      return chain;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + ": not PEM certificates: " + e.getMessage());
    }
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate leaf) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default ->
              throw new IllegalArgumentException(
                  "a " + key.getAlgorithm() + " key is not supported; use RSA, EC or Ed25519");
        };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signed = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signed);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain)
      throws GeneralSecurityException, IOException {
    char[] password = new char[0];
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("api", key, password, chain.toArray(new Certificate[0]));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext peerContext(X509Certificate own, Optional<List<X509Certificate>> ca)
      throws GeneralSecurityException, IOException {
    X509TrustManager trust;
    if (ca.isPresent()) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate certificate : ca.get()) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      trust = (X509TrustManager) factory.getTrustManagers()[0];
    } else {
      trust = new Pinned(own);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new X509ExtendedTrustManager[] {new WithoutEndpoint(trust)}, null);
    return context;
  }

  /** Trusts one certificate, as the leaf, and nothing else. */
  private record Pinned(X509Certificate own) implements X509TrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (chain.length == 0 || !chain[0].equals(own)) {
        throw new CertificateException(
            "the peer's certificate is not this agent's (set api.tls-ca-file to trust a CA)");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * A trust manager that checks the chain only. A plain {@link X509TrustManager} would be wrapped
   * by the JDK in one that also verifies the peer's name against the address called (a pod IP); an
   * extended one is trusted to do all the checking itself.
   */
  private static final class WithoutEndpoint extends X509ExtendedTrustManager {
    private final X509TrustManager chain;

    WithoutEndpoint(X509TrustManager chain) {
      this.chain = chain;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType)
        throws CertificateException {
      chain.checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
        throws CertificateException {
      chain.checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      chain.checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.getAcceptedIssuers();
    }
  }
}
