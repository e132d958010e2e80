package io.wadns.dnssec;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A small zone signed entirely by this package (DNSKEY from the key, RRSIGs from {@link RrsetSigner},
 * NSEC or NSEC3 chain), written as a zone file for external verifiers. It has a wildcard, empty
 * non-terminals, an unsigned delegation with glue, and a multi-record RRset.
 */
final class SignedZone {
  static final Name APEX = Name.fromConstantString("example.test.");

  private SignedZone() {}

  static Name n(String relative) {
    return Name.fromConstantString(relative.isEmpty() ? APEX.toString() : relative + "." + APEX);
  }

  static byte[] ip(int last) {
    return new byte[] {(byte) 192, 0, 2, (byte) last};
  }

  /** The unsigned data, grouped by owner and type. */
  static List<Record> data(ZoneKey key) {
    List<Record> records = new ArrayList<>();
    records.add(new SOARecord(APEX, DClass.IN, 3600, n("ns1"), n("hostmaster"), 1, 7200, 900, 1209600, 300));
    records.add(new NSRecord(APEX, DClass.IN, 3600, n("ns1")));
    records.add(key.dnskey().withName(APEX));
    records.add(new ARecord(n("ns1"), DClass.IN, 3600, ip(53)));
    records.add(new ARecord(n("www"), DClass.IN, 300, ip(1)));
    records.add(new ARecord(n("www"), DClass.IN, 300, ip(2)));
    records.add(new TXTRecord(n("*.w"), DClass.IN, 300, "wildcard"));
    records.add(new ARecord(n("x.y.w"), DClass.IN, 300, ip(3)));
    records.add(new NSRecord(n("sub"), DClass.IN, 3600, n("ns.sub")));
    records.add(new ARecord(n("ns.sub"), DClass.IN, 3600, ip(54))); // glue: not authoritative
    return records;
  }

  /** The zone file text: data, chain, and an RRSIG for every authoritative RRset. */
  static String sign(ZoneKey key, boolean nsec3, Instant inception, Instant expiration) {
    return sign(key, nsec3 ? Nsec3Hash.RFC_9276 : null, inception, expiration);
  }

  /** As the other, with an NSEC3 chain hashed by {@code nsec3}, or an NSEC chain when it is null. */
  static String sign(ZoneKey key, Nsec3Hash nsec3, Instant inception, Instant expiration) {
    List<Record> data = new ArrayList<>(data(key));
    // DNSKEY TTL: the record from the .key file has none; give it the zone's.
    data.set(2, new org.xbill.DNS.DNSKEYRecord(APEX, DClass.IN, 3600, key.dnskey().getFlags(),
        key.dnskey().getProtocol(), key.dnskey().getAlgorithm(), key.dnskey().getKey()));
    Map<Name, Set<Integer>> types = new TreeMap<>();
    for (Record r : data) {
      if (!r.getName().equals(n("ns.sub"))) {
        types.computeIfAbsent(r.getName(), x -> new TreeSet<>()).add(r.getType());
      }
    }
    if (nsec3 != null) {
      types.putIfAbsent(n("w"), Set.of());
      types.putIfAbsent(n("y.w"), Set.of());
      Nsec3Chain chain = Nsec3Chain.build(APEX, types, 300, nsec3);
      data.addAll(chain.records());
      data.add(chain.nsec3param());
    } else {
      data.addAll(NsecChain.build(APEX, types, 300).records());
    }
    Map<String, List<Record>> rrsets = new LinkedHashMap<>();
    for (Record r : data) {
      rrsets.computeIfAbsent(r.getName() + "/" + r.getType(), x -> new ArrayList<>()).add(r);
    }
    RrsetSigner signer = new RrsetSigner(key, new SecureRandom());
    StringBuilder zone = new StringBuilder();
    for (List<Record> rrset : rrsets.values()) {
      Record first = rrset.get(0);
      rrset.forEach(r -> zone.append(r).append('\n'));
      boolean glue = first.getName().equals(n("ns.sub"));
      // RFC 4035 §2.2: the NS RRset at a cut is the child's and glue is not authoritative: no RRSIG.
      boolean delegation = first.getType() == Type.NS && !first.getName().equals(APEX);
      if (!glue && !delegation) {
        zone.append(signer.sign(rrset, inception, expiration)).append('\n');
      }
    }
    return zone.toString();
  }
}
