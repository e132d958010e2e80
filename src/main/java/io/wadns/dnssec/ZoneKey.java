package io.wadns.dnssec;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * One signing key of a zone: its DNSKEY record, its private key and its timing metadata. Immutable and
 * safe to share between threads. The private key never leaves the package and never appears in
 * {@link #toString()}.
 */
public final class ZoneKey {
  private final String source;
  private final DNSKEYRecord dnskey;
  private final KeyAlgorithm algorithm;
  private final KeyTiming timing;
  private final PublicKey publicKey;
  private final PrivateKey privateKey;

  ZoneKey(String source, DNSKEYRecord dnskey, KeyAlgorithm algorithm, KeyTiming timing,
      PublicKey publicKey, PrivateKey privateKey) {
    this.source = Objects.requireNonNull(source);
    this.dnskey = Objects.requireNonNull(dnskey);
    this.algorithm = Objects.requireNonNull(algorithm);
    this.timing = Objects.requireNonNull(timing);
    this.publicKey = Objects.requireNonNull(publicKey);
    this.privateKey = Objects.requireNonNull(privateKey);
  }

  /** Where the key came from: the base name of its files ({@code K<zone>.+<alg>+<tag>}). */
  public String source() {
    return source;
  }

  /** The zone apex, the DNSKEY's owner, and the signer name of every RRSIG this key makes. */
  public Name zone() {
    return dnskey.getName();
  }

  public DNSKEYRecord dnskey() {
    return dnskey;
  }

  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The key tag of RFC 4034 Appendix B, as RRSIG and DS records name the key. */
  public int tag() {
    return dnskey.getFootprint();
  }

  /**
   * Whether the DNSKEY has the Secure Entry Point flag (RFC 4034 §2.1.1, flags 257): the key the
   * parent's DS points to, a KSK, or a CSK when the zone has no other keys.
   */
  public boolean isSep() {
    return (dnskey.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0;
  }

  public KeyTiming timing() {
    return timing;
  }

  /** The key's state at {@code now}, from its timing metadata. */
  public KeyState stateAt(Instant now) {
    return timing.stateAt(now);
  }

  /**
   * The DS record to give the parent zone (RFC 4034 §5.1.4), with digest type 2, SHA-256 (RFC 4509),
   * the one RFC 8624 §3.3 says to use; its TTL is the DNSKEY's.
   */
  public DSRecord ds() {
    return new DSRecord(zone(), dnskey.getDClass(), dnskey.getTTL(), DNSSEC.Digest.SHA256, dnskey);
  }

  PublicKey publicKey() {
    return publicKey;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return source + " (" + zone() + " " + (isSep() ? "KSK" : "ZSK") + " " + algorithm.name()
        + " tag " + tag() + ")";
  }
}
