package io.wadns.dnssec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.utils.base32;

/**
 * The NSEC3 hash of a chain (RFC 5155 §5): SHA-1, the only algorithm defined (§11), over the owner name in
 * canonical wire form and a salt, repeated for the extra iterations. Chains signed here use RFC 9276
 * §3.1's parameters ({@link #RFC_9276}: no extra iterations, no salt); a chain signed elsewhere may have a
 * salt and some iterations. Immutable and thread-safe.
 */
final class Nsec3Hash {
  /** RFC 5155 §11: hash algorithm 1 is SHA-1. */
  static final int SHA1 = 1;
  static final int LENGTH = 20;
  /**
   * The most extra iterations served: RFC 9276 §3.2 lets validators treat a chain with more as insecure
   * (BIND and Unbound do above 150), and each iteration is paid again for every name a proof hashes.
   */
  static final int MAX_ITERATIONS = 150;

  /** SHA-1 with no extra iterations and no salt (RFC 9276 §3.1). */
  static final Nsec3Hash RFC_9276 = new Nsec3Hash(0, new byte[0]);

  /** RFC 5155 §3.3: the owner label is the hash in base32hex (RFC 4648 §7), without padding. */
  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  private final int iterations;
  private final byte[] salt;

  private Nsec3Hash(int iterations, byte[] salt) {
    this.iterations = iterations;
    this.salt = salt;
  }

  /**
   * The hash with these parameters (RFC 5155 §3.1.3, §3.1.5: at most 65,535 iterations, a salt of at most
   * 255 octets; a null salt is none).
   */
  static Nsec3Hash of(int iterations, byte[] salt) {
    byte[] s = salt == null ? new byte[0] : salt.clone();
    if (iterations < 0 || iterations > 0xFFFF || s.length > 255) {
      throw new IllegalArgumentException("NSEC3 parameters out of range: " + iterations + " iterations, a salt of "
          + s.length + " octets");
    }
    return iterations == 0 && s.length == 0 ? RFC_9276 : new Nsec3Hash(iterations, s);
  }

  int iterations() {
    return iterations;
  }

  /** The salt (a copy), empty for none. */
  byte[] salt() {
    return salt.clone();
  }

  /** Whether {@code salt} (null for none) is this hash's. */
  boolean hasSalt(byte[] salt) {
    return Arrays.equals(this.salt, salt == null ? new byte[0] : salt);
  }

  /** RFC 5155 §5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) = H(IH(salt, x, k - 1) || salt). */
  byte[] hash(Name name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
    // The name in canonical wire form (RFC 4034 §6.2: lower case, uncompressed).
    sha1.update(name.toWireCanonical());
    sha1.update(salt);
    byte[] h = sha1.digest();
    for (int i = 0; i < iterations; i++) {
      sha1.update(h);
      sha1.update(salt);
      h = sha1.digest();
    }
    return h;
  }

  /** The NSEC3 owner name of a hash in the zone {@code apex}: {@code <base32hex>.<apex>}. */
  static Name owner(byte[] hash, Name apex) {
    try {
      return Name.fromString(BASE32HEX.toString(hash), apex);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("the NSEC3 owner for " + apex + " is too long", e);
    }
  }

  @Override
  public String toString() {
    return iterations + " extra iterations, a salt of " + salt.length + " octets";
  }
}
