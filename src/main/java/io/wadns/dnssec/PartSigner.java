package io.wadns.dnssec;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * Signs the parts of RRsets that a zone version's answers serve under some health view or {@code max=}
 * window, with the keys and validity of the version's own signatures, so that every signature of a version
 * expires with it. Thread-safe: a signer per call (a JDK {@code Signature} is not shareable), which costs
 * microseconds beside the signature itself.
 */
final class PartSigner {
  private final ZoneKeys keys;
  private final Instant signedAt;
  private final Instant inception;
  private final Instant expiration;

  PartSigner(ZoneKeys keys, Instant signedAt, Instant inception, Instant expiration) {
    this.keys = keys;
    this.signedAt = signedAt;
    this.inception = inception;
    this.expiration = expiration;
  }

  /** The RRSIGs of {@code rrset} by the keys that signed the version's data. */
  Record[] sign(List<Record> rrset) {
    List<ZoneKey> by = keys.signersAt(rrset.get(0).getType(), signedAt);
    SecureRandom random = new SecureRandom();
    Record[] sigs = new Record[by.size()];
    for (int k = 0; k < sigs.length; k++) {
      sigs[k] = new RrsetSigner(by.get(k), random).sign(rrset, inception, expiration);
    }
    return sigs;
  }
}
