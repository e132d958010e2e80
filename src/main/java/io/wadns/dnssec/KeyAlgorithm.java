package io.wadns.dnssec;

import java.util.Locale;
import java.util.Optional;

/**
 * The DNSSEC signing algorithms wadns supports, by their IANA number and mnemonic (RFC 8624 §3.1 lists
 * them as the ones to implement: 8 and 13 MUST, 15 RECOMMENDED).
 */
public enum KeyAlgorithm {
  /** RFC 5702: RSA with SHA-256; the DNSKEY holds the exponent and modulus of RFC 3110 §2. */
  RSASHA256(8, "SHA256withRSA"),
  /** RFC 6605: ECDSA on P-256 with SHA-256; DNSKEY and signature are fixed 64-byte values. */
  ECDSAP256SHA256(13, "SHA256withECDSA"),
  /** RFC 8080: Ed25519; a 32-byte public key, a 32-byte private seed, a 64-byte signature. */
  ED25519(15, "Ed25519");

  private final int number;
  private final String jcaSignature;

  KeyAlgorithm(int number, String jcaSignature) {
    this.number = number;
    this.jcaSignature = jcaSignature;
  }

  /** The algorithm number of the DNSKEY, RRSIG and DS records. */
  public int number() {
    return number;
  }

  /** The name of the JDK {@link java.security.Signature} that computes this algorithm's signatures. */
  String jcaSignature() {
    return jcaSignature;
  }

  /** The algorithm with this number, if wadns supports it. */
  public static Optional<KeyAlgorithm> ofNumber(int number) {
    for (KeyAlgorithm a : values()) {
      if (a.number == number) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Parses a number ({@code 13}) or a mnemonic ({@code ECDSAP256SHA256}, any case), as BIND accepts. */
  public static Optional<KeyAlgorithm> parse(String text) {
    String t = text.strip();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 3) {
      return ofNumber(Integer.parseInt(t));
    }
    for (KeyAlgorithm a : values()) {
      if (a.name().equals(t.toUpperCase(Locale.ROOT))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name() + " (" + number + ")";
  }
}
