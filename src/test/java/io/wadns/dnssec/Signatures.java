package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.TXTRecord;

/** A small RRset to sign, and a check of an RRSIG by dnsjava's verifier. */
final class Signatures {
  static final Instant INCEPTION = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant EXPIRATION = Instant.parse("2026-02-01T00:00:00Z");
  static final Instant DURING = Instant.parse("2026-01-15T00:00:00Z");

  private Signatures() {}

  /** Two A records and nothing else at {@code www.<zone>}. */
  static RRset sampleRrset(Name zone) {
    Name www = Name.fromConstantString("www." + zone);
    RRset set = new RRset();
    set.addRR(new ARecord(www, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 1}));
    set.addRR(new ARecord(www, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 2}));
    return set;
  }

  static RRset sampleTxt(Name zone) {
    return new RRset(new TXTRecord(zone, DClass.IN, 60, "v=wadns"));
  }

  /** Signs with dnsjava's own signer, from the loaded JDK private key. */
  static RRSIGRecord dnsjavaSign(RRset rrset, ZoneKey key) throws DNSSEC.DNSSECException {
    return DNSSEC.sign(rrset, key.dnskey(), key.privateKey(), INCEPTION, EXPIRATION);
  }

  static void assertVerifies(RRset rrset, RRSIGRecord rrsig, ZoneKey key) {
    assertThatCode(() -> DNSSEC.verify(rrset, rrsig, key.dnskey(), DURING))
        .as("RRSIG by %s verifies", key).doesNotThrowAnyException();
  }
}
