package io.wadns.dnssec;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * Makes new signing keys. A new key is a CSK: flags 257 (Zone Key and SEP, RFC 4034 §2.1.1), so the one
 * key signs the whole zone and its DS goes to the parent, the simplest setup RFC 6781 §3.1.1 describes.
 * Thread-safe when its random source is.
 */
public final class KeyGenerator {
  /** RFC 4034 §2.1.1: Zone Key (256) plus Secure Entry Point (1). */
  static final int CSK_FLAGS = DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY;
  /** RFC 8624 §3.1 and NIST SP 800-57: 2048 bits is the RSA size in use for zone keys. */
  static final int RSA_BITS = 2048;

  private final SecureRandom random;

  public KeyGenerator(SecureRandom random) {
    this.random = random;
  }

  /**
   * A new CSK for {@code zone}, created, published and active at {@code now}, whose key tag is none of
   * {@code tagsInUse} (RFC 4034 Appendix B: tags are not unique, and a collision makes validators try
   * each key, so like BIND we draw again).
   */
  public ZoneKey generateCsk(Name zone, KeyAlgorithm algorithm, Instant now, Set<Integer> tagsInUse) {
    for (int attempt = 0; attempt < 100; attempt++) {
      KeyPair pair = keyPair(algorithm);
      DNSKEYRecord dnskey;
      try {
        dnskey = new DNSKEYRecord(zone, DClass.IN, 0, CSK_FLAGS, DNSKEYRecord.Protocol.DNSSEC,
            algorithm.number(), pair.getPublic());
      } catch (DNSSEC.DNSSECException e) {
        throw new IllegalStateException("cannot encode a new " + algorithm.name() + " public key", e);
      }
      if (!tagsInUse.contains(dnskey.getFootprint())) {
        String source = KeyFileName.of(zone, algorithm.number(), dnskey.getFootprint()).base();
        return new ZoneKey(source, dnskey, algorithm, KeyTiming.activeFrom(now), pair.getPublic(),
            pair.getPrivate());
      }
    }
    throw new IllegalStateException("100 new keys in a row collided with key tags in use: " + tagsInUse);
  }

  private KeyPair keyPair(KeyAlgorithm algorithm) {
    try {
      KeyPairGenerator g;
      switch (algorithm) {
        case ECDSAP256SHA256 -> {
          g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        case ED25519 -> {
          g = KeyPairGenerator.getInstance("Ed25519");
          g.initialize(255, random);
        }
        case RSASHA256 -> {
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
        }
        default -> throw new IllegalArgumentException(algorithm.name());
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make " + algorithm.name() + " keys", e);
    }
  }
}
