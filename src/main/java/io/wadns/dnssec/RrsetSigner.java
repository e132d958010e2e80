package io.wadns.dnssec;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Makes the RRSIG of an RRset with one key (RFC 4034 §3, RFC 4035 §2.2). Not thread-safe: it keeps one
 * initialised {@link SignatureMaker}; it is cheap to make, so give each signing thread its own.
 */
public final class RrsetSigner {
  /** RFC 4034 §3.1.5: times are 32-bit seconds; RFC 1982 serial arithmetic allows at most 2^31 apart. */
  private static final long MAX_VALIDITY_SECONDS = (1L << 31) - 1;

  private final ZoneKey key;
  private final SignatureMaker maker;

  /**
   * A signer for {@code key}. ECDSA draws a fresh nonce per signature from {@code random}; Ed25519 and
   * RSA signatures are deterministic.
   */
  public RrsetSigner(ZoneKey key, SecureRandom random) {
    this.key = key;
    this.maker = SignatureMaker.of(key, random);
  }

  public ZoneKey key() {
    return key;
  }

  /** The RRSIG over {@code rrset}, valid from {@code inception} to {@code expiration}. */
  public RRSIGRecord sign(RRset rrset, Instant inception, Instant expiration) {
    return sign(rrset.rrs(false), inception, expiration);
  }

  /**
   * The RRSIG over {@code records}, which must all share owner, class and type: one RRset. Its owner
   * may be a wildcard ({@code *.example.com.}), signed once and served for every name it expands to.
   */
  public RRSIGRecord sign(List<Record> records, Instant inception, Instant expiration) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("an RRset has at least one record");
    }
    Record first = records.get(0);
    Name owner = first.getName();
    int type = first.getType();
    int dclass = first.getDClass();
    long ttl = first.getTTL();
    for (Record r : records) {
      if (!r.getName().equals(owner) || r.getType() != type || r.getDClass() != dclass) {
        throw new IllegalArgumentException("not one RRset: " + first.getName() + "/" + Type.string(type)
            + " and " + r.getName() + "/" + Type.string(r.getType()));
      }
      // RFC 2181 §5.2: the TTLs of an RRset should agree; if not, the smallest is the set's.
      ttl = Math.min(ttl, r.getTTL());
    }
    checkSignable(owner, type, inception, expiration);
    SignedData.Header header = new SignedData.Header(type, key.algorithm().number(), labels(owner), ttl,
        expiration.getEpochSecond(), inception.getEpochSecond(), key.tag(), key.zone());
    byte[] data = SignedData.of(header, owner, type, dclass, records);
    // RFC 4034 §3: the RRSIG's class and TTL are the RRset's (RFC 4035 §2.2).
    return new RRSIGRecord(owner, dclass, ttl, type, key.algorithm().number(), ttl, expiration, inception,
        key.tag(), key.zone(), signatureOf(data));
  }

  /**
   * RFC 4034 §3.1.3: the owner's label count, without the root label and without a leading wildcard
   * label, so a validator can rebuild the wildcard name from an expanded answer.
   */
  static int labels(Name owner) {
    return owner.labels() - 1 - (owner.isWild() ? 1 : 0);
  }

  private void checkSignable(Name owner, int type, Instant inception, Instant expiration) {
    if (!owner.subdomain(key.zone())) {
      throw new IllegalArgumentException(owner + " is outside the zone " + key.zone());
    }
    // RFC 4035 §2.2: RRSIG RRsets themselves are never signed.
    if (type == Type.RRSIG) {
      throw new IllegalArgumentException("RRSIG records are not signed");
    }
    if (!expiration.isAfter(inception)
        || expiration.getEpochSecond() - inception.getEpochSecond() > MAX_VALIDITY_SECONDS) {
      throw new IllegalArgumentException("validity " + inception + " to " + expiration
          + " must be positive and under 68 years (RFC 4034 §3.1.5)");
    }
    if (inception.getEpochSecond() < 0 || expiration.getEpochSecond() > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("RRSIG times are 32-bit seconds since 1970 (RFC 4034 §3.1.5)");
    }
  }

  private byte[] signatureOf(byte[] data) {
    return maker.sign(data);
  }
}
