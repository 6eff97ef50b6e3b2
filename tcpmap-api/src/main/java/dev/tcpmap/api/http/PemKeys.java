package dev.tcpmap.api.http;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private key from PEM text, in the encodings a Kubernetes TLS Secret holds (cert-manager writes
 * PKCS#1 for RSA and SEC1 for EC unless asked for PKCS#8; openssl writes PKCS#8), with the JDK
 * alone: PKCS#1 and SEC1 are wrapped into the PKCS#8 structure (RFC 5208) the JDK's key factories
 * read.
 *
 * <pre>
 * PrivateKeyInfo ::= SEQUENCE {
 *   version INTEGER (0),
 *   algorithm SEQUENCE { OID, parameters },   -- rsaEncryption NULL, or ecPublicKey namedCurve OID
 *   privateKey OCTET STRING }                 -- the PKCS#1 RSAPrivateKey or the SEC1 ECPrivateKey
 * ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
 *                             parameters [0] OID OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
 * </pre>
 */
final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);

  /** rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");

  /** id-ecPublicKey (1.2.840.10045.2.1), DER, without its SEQUENCE. */
  private static final byte[] EC_PUBLIC_KEY = hex("06072a8648ce3d0201");

  private PemKeys() {}

  /**
   * The first private key in {@code pem}, of the algorithm {@code algorithm} (the certificate's
   * key's: {@code RSA}, {@code EC}, {@code Ed25519}…).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static PrivateKey read(String pem, String algorithm) {
    Matcher block = BLOCK.matcher(pem);
    while (block.find()) {
      String label = block.group(1);
      if (!label.endsWith("PRIVATE KEY")) {
        continue;
      }
      byte[] der = Base64.getMimeDecoder().decode(block.group(2));
      byte[] pkcs8 =
          switch (label) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> sequence(concat(hex("020100"), RSA_ALGORITHM, octets(der)));
            case "EC PRIVATE KEY" ->
                sequence(
                    concat(
                        hex("020100"), sequence(concat(EC_PUBLIC_KEY, curveOf(der))), octets(der)));
            case "ENCRYPTED PRIVATE KEY" ->
                throw new IllegalArgumentException(
                    "the private key is encrypted; tcpmap reads unencrypted keys, as a Kubernetes"
                        + " TLS Secret holds them");
            default -> throw new IllegalArgumentException("a " + label + " is not read");
          };
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "not a " + algorithm + " private key (the certificate's key is " + algorithm + ")");
      }
    }
    throw new IllegalArgumentException("no PEM private key in it");
  }

  /** The named curve's OID, with its tag, from a SEC1 ECPrivateKey's parameters [0]. */
  private static byte[] curveOf(byte[] sec1) {
    Der outer = Der.at(sec1, 0);
    int at = outer.contentStart();
    while (at < outer.end()) {
      Der field = Der.at(sec1, at);
      if ((sec1[at] & 0xff) == 0xa0) {
        Der oid = Der.at(sec1, field.contentStart());
        if (sec1[field.contentStart()] == 0x06) {
          return Arrays.copyOfRange(sec1, field.contentStart(), oid.end());
        }
      }
      at = field.end();
    }
    throw new IllegalArgumentException("the EC private key does not name its curve");
  }

  /** One DER element: where its contents start and where it ends. */
  private record Der(int contentStart, int end) {
    static Der at(byte[] der, int at) {
      if (at + 2 > der.length) {
        throw new IllegalArgumentException("the private key's DER is cut short");
      }
      int first = der[at + 1] & 0xff;
      int length = first;
      int start = at + 2;
      if (first >= 0x80) {
        int bytes = first & 0x7f;
        if (bytes < 1 || bytes > 3 || start + bytes > der.length) {
          throw new IllegalArgumentException("the private key's DER has a bad length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = length << 8 | (der[start + i] & 0xff);
        }
        start += bytes;
      }
      if (start + length > der.length) {
        throw new IllegalArgumentException("the private key's DER is cut short");
      }
      return new Der(start, start + length);
    }
  }

  private static byte[] sequence(byte[] contents) {
    return element(0x30, contents);
  }

  private static byte[] octets(byte[] contents) {
    return element(0x04, contents);
  }

  private static byte[] element(int tag, byte[] contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int n = contents.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
