package io.wadns.dnssec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;

/**
 * Builds JDK private keys from the fields of a .private file, and checks that each one is the
 * private half of its DNSKEY by signing a probe and verifying it with the DNSKEY's public key.
 */
final class PrivateKeys {
  private static final byte[] PROBE = "wadns key pair check".getBytes(StandardCharsets.US_ASCII);

  private PrivateKeys() {}

  static PrivateKey decode(PrivateKeyFile.Reader fields, KeyAlgorithm algorithm, DNSKEYRecord dnskey)
      throws KeyFileException {
    PrivateKey key = switch (algorithm) {
      case ECDSAP256SHA256 -> ecdsa(fields);
      case ED25519 -> ed25519(fields);
      case RSASHA256 -> rsa(fields);
    };
    PublicKey publicKey = publicKey(fields, dnskey);
    if (!matches(algorithm, key, publicKey)) {
      throw new KeyFileException(fields.file(), 0,
          "the private key is not the private half of the DNSKEY in the .key file");
    }
    return key;
  }

  /** RFC 6605 §4: the private key is the 32-byte P-256 scalar (BIND's {@code PrivateKey:}). */
  private static PrivateKey ecdsa(PrivateKeyFile.Reader fields) throws KeyFileException {
    byte[] d = fields.base64("PrivateKey");
    try {
      if (d.length == 0 || d.length > 32) {
        throw new KeyFileException(fields.file(), fields.line("PrivateKey"),
            "PrivateKey: an ECDSA P-256 key is 32 bytes, this one is " + d.length);
      }
      return generate("EC", new ECPrivateKeySpec(new BigInteger(1, d), EcdsaP256.PARAMETERS), fields);
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  /** RFC 8080 §3: the private key is the 32-byte seed of RFC 8032 §5.1.5. */
  private static PrivateKey ed25519(PrivateKeyFile.Reader fields) throws KeyFileException {
    byte[] seed = fields.base64("PrivateKey");
    try {
      if (seed.length != 32) {
        throw new KeyFileException(fields.file(), fields.line("PrivateKey"),
            "PrivateKey: an Ed25519 key is 32 bytes, this one is " + seed.length);
      }
      return generate("Ed25519", new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed), fields);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** RFC 5702 via BIND's format: the CRT form, every field present. */
  private static PrivateKey rsa(PrivateKeyFile.Reader fields) throws KeyFileException {
    RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(
        integer(fields, "Modulus"), integer(fields, "PublicExponent"), integer(fields, "PrivateExponent"),
        integer(fields, "Prime1"), integer(fields, "Prime2"), integer(fields, "Exponent1"),
        integer(fields, "Exponent2"), integer(fields, "Coefficient"));
    return generate("RSA", spec, fields);
  }

  private static BigInteger integer(PrivateKeyFile.Reader fields, String name) throws KeyFileException {
    byte[] bytes = fields.base64(name);
    try {
      if (bytes.length == 0) {
        throw new KeyFileException(fields.file(), fields.line(name), name + ": empty");
      }
      return new BigInteger(1, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static PrivateKey generate(String algorithm, java.security.spec.KeySpec spec,
      PrivateKeyFile.Reader fields) throws KeyFileException {
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(spec);
    } catch (GeneralSecurityException | RuntimeException e) {
      // The JCA message may describe the rejected value: name only the kind of failure.
      throw new KeyFileException(fields.file(), 0, "the private key is not a valid " + algorithm + " key");
    }
  }

  private static PublicKey publicKey(PrivateKeyFile.Reader fields, DNSKEYRecord dnskey)
      throws KeyFileException {
    try {
      return dnskey.getPublicKey();
    } catch (DNSSEC.DNSSECException e) {
      throw new KeyFileException(fields.file(), 0,
          "the DNSKEY of the matching .key file is malformed: " + e.getMessage());
    }
  }

  private static boolean matches(KeyAlgorithm algorithm, PrivateKey key, PublicKey publicKey) {
    try {
      Signature signer = Signature.getInstance(algorithm.jcaSignature());
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm.jcaSignature());
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
