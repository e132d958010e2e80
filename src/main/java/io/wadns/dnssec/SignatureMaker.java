package io.wadns.dnssec;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Makes the signature bytes of an RRSIG, in DNSSEC's format, for one key. ECDSA P-256 and Ed25519 use
 * Bouncy Castle's lightweight implementations (for P-256 its curve-specific field with a table of
 * base-point multiples, {@link P256BasePointMultiplier}; for Ed25519 RFC 8032's arithmetic): the
 * 100,000-record benchmark zone signs in 11 s with ECDSA where the JDK 17 providers take 80 s, which is
 * what lets a large zone sign at load as fast as Knot. RSA uses the JDK.
 * Not thread-safe: one per signing thread.
 */
abstract sealed class SignatureMaker {
  abstract byte[] sign(byte[] data);

  static SignatureMaker of(ZoneKey key, SecureRandom random) {
    return switch (key.algorithm()) {
      case ECDSAP256SHA256 -> new EcdsaP256Sha256(((ECPrivateKey) key.privateKey()).getS(), random);
      case ED25519 -> new Ed25519Maker(seed((EdECPrivateKey) key.privateKey()), key.dnskey().getKey());
      default -> new Jdk(key, random);
    };
  }

  private static byte[] seed(EdECPrivateKey key) {
    return key.getBytes().orElseThrow(() -> new IllegalStateException("an Ed25519 key without its seed"));
  }

  /** RFC 6605 §4: ECDSA over SHA-256 of the data, the signature as r || s, 32 octets each. */
  static final class EcdsaP256Sha256 extends SignatureMaker {
    /** The curve with Bouncy Castle's P-256 field. */
    private static final ECDomainParameters P256 = domain();
    /** Its base point's tables, built once and shared by every signer. */
    private static final P256BasePointMultiplier BASE_POINT = new P256BasePointMultiplier(P256);

    private final ECDSASigner signer = new ECDSASigner() {
      @Override
      protected ECMultiplier createBasePointMultiplier() {
        return BASE_POINT;
      }
    };
    private final byte[] digest = new byte[32];

    EcdsaP256Sha256(BigInteger privateScalar, SecureRandom random) {
      // A fresh random nonce per signature (FIPS 186-4 §6.3), from the caller's source.
      signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(privateScalar, P256), random));
    }

    private static ECDomainParameters domain() {
      X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
      return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }

    @Override
    byte[] sign(byte[] data) {
      SHA256Digest sha = new SHA256Digest();
      sha.update(data, 0, data.length);
      sha.doFinal(digest, 0);
      BigInteger[] rs = signer.generateSignature(digest);
      byte[] out = new byte[64];
      put(rs[0], out, 0);
      put(rs[1], out, 32);
      return out;
    }

    private static void put(BigInteger v, byte[] out, int offset) {
      byte[] b = v.toByteArray(); // big-endian, possibly with a leading zero or shorter than 32 octets
      int n = Math.min(b.length, 32);
      System.arraycopy(b, b.length - n, out, offset + 32 - n, n);
    }
  }

  /** RFC 8080 §4: the 64-octet Ed25519 signature of RFC 8032 over the data itself. */
  static final class Ed25519Maker extends SignatureMaker {
    private final byte[] seed;
    private final byte[] publicKey;

    Ed25519Maker(byte[] seed, byte[] publicKey) {
      if (seed.length != Ed25519.SECRET_KEY_SIZE || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
        throw new IllegalArgumentException("an Ed25519 key is 32 octets, and so is its public key");
      }
      this.seed = seed;
      this.publicKey = publicKey.clone();
    }

    @Override
    byte[] sign(byte[] data) {
      byte[] out = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seed, 0, publicKey, 0, data, 0, data.length, out, 0);
      return out;
    }
  }

  /** RFC 5702 §3: the JDK's RSA signature, as it comes. */
  static final class Jdk extends SignatureMaker {
    private final Signature signature;
    private final ZoneKey key;

    Jdk(ZoneKey key, SecureRandom random) {
      this.key = key;
      try {
        this.signature = Signature.getInstance(key.algorithm().jcaSignature());
        this.signature.initSign(key.privateKey(), random);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK cannot sign with " + key.algorithm().name(), e);
      }
    }

    @Override
    byte[] sign(byte[] data) {
      try {
        signature.update(data);
        return signature.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("signing with " + key + " failed", e);
      }
    }
  }
}
