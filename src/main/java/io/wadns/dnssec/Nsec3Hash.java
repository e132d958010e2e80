package io.wadns.dnssec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.utils.base32;

/**
 * The NSEC3 hash with RFC 9276 §3.1's parameters: SHA-1 (algorithm 1), no extra iterations, no salt,
 * so RFC 5155 §5's IH(salt, x, 0) is SHA-1 of the owner name in canonical wire form. Thread-safe.
 */
final class Nsec3Hash {
  /** RFC 5155 §11: hash algorithm 1 is SHA-1. */
  static final int SHA1 = 1;
  static final int ITERATIONS = 0;
  static final byte[] SALT = new byte[0];
  static final int LENGTH = 20;

  /** RFC 5155 §3.3: the owner label is the hash in base32hex (RFC 4648 §7), without padding. */
  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  private Nsec3Hash() {}

  static byte[] of(Name name) {
    try {
      // RFC 5155 §5: the name in canonical wire form (RFC 4034 §6.2: lower case, uncompressed).
      return MessageDigest.getInstance("SHA-1").digest(name.toWireCanonical());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  /** The NSEC3 owner name of a hash in the zone {@code apex}: {@code <base32hex>.<apex>}. */
  static Name owner(byte[] hash, Name apex) {
    try {
      return Name.fromString(BASE32HEX.toString(hash), apex);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("the NSEC3 owner for " + apex + " is too long", e);
    }
  }
}
