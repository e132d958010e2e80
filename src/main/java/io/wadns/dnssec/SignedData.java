package io.wadns.dnssec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The octets an RRSIG signs (RFC 4034 §3.1.8.1): the RRSIG RDATA without its signature, then every
 * record of the RRset in canonical form (RFC 4034 §6.2) and canonical order (§6.3). Pure function.
 */
final class SignedData {
  private SignedData() {}

  /** The RRSIG RDATA fields that precede the signature (RFC 4034 §3.1). */
  record Header(int typeCovered, int algorithm, int labels, long originalTtl, long expiration,
      long inception, int keyTag, Name signer) {}

  static byte[] of(Header h, Name owner, int type, int dclass, List<Record> records) {
    DNSOutput out = new DNSOutput(512);
    out.writeU16(h.typeCovered());
    out.writeU8(h.algorithm());
    out.writeU8(h.labels());
    out.writeU32(h.originalTtl());
    out.writeU32(h.expiration());
    out.writeU32(h.inception());
    out.writeU16(h.keyTag());
    h.signer().toWireCanonical(out); // RFC 4034 §3.1.7 and §6.2: lower case, uncompressed
    // RFC 4034 §6.2: owner in lower case, uncompressed; TTL set to the original TTL. Every record of
    // the set shares owner, type, class and TTL, so these octets are written once and repeated.
    DNSOutput prefix = new DNSOutput(256);
    owner.toWireCanonical(prefix);
    prefix.writeU16(type);
    prefix.writeU16(dclass);
    prefix.writeU32(h.originalTtl());
    byte[] rrPrefix = prefix.toByteArray();
    for (byte[] rdata : canonicalRdata(records)) {
      out.writeByteArray(rrPrefix);
      out.writeU16(rdata.length);
      out.writeByteArray(rdata);
    }
    return out.toByteArray();
  }

  /**
   * RFC 4034 §6.3: records sorted by their canonical RDATA as left-justified unsigned octet strings,
   * duplicates removed. dnsjava's canonical RDATA lower-cases the embedded names of the types RFC 4034
   * §6.2 lists, as corrected by RFC 6840 §5.1 (not NSEC's next name).
   */
  static List<byte[]> canonicalRdata(List<Record> records) {
    List<byte[]> rdata = new ArrayList<>(records.size());
    for (Record r : records) {
      rdata.add(r.rdataToWireCanonical());
    }
    rdata.sort(Arrays::compareUnsigned);
    List<byte[]> unique = new ArrayList<>(rdata.size());
    for (byte[] d : rdata) {
      if (unique.isEmpty() || !Arrays.equals(unique.get(unique.size() - 1), d)) {
        unique.add(d);
      }
    }
    return unique;
  }
}
