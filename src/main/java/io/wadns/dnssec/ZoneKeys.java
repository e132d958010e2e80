package io.wadns.dnssec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The keys of one zone and which of them publish and sign at a given instant. With SEP keys and
 * other keys both active, the SEP keys (KSKs) sign the DNSKEY RRset and the others (ZSKs) sign the rest
 * (RFC 6781 §3.1); when only one kind is active, it signs everything: a zone with only SEP keys uses them
 * as combined signing keys (CSK). Each algorithm is judged on its own (RFC 4035 §2.2). Immutable.
 */
public record ZoneKeys(Name zone, List<ZoneKey> keys) {
  public ZoneKeys {
    keys = List.copyOf(keys);
  }

  /** The DNSKEY records to publish at {@code now}: every key between its Publish and Delete times. */
  public List<DNSKEYRecord> dnskeysAt(Instant now) {
    return keys.stream().filter(k -> k.stateAt(now).isPublished()).map(ZoneKey::dnskey).toList();
  }

  /**
   * The keys that sign an RRset of {@code type} at {@code now}; empty when no key is active. The choice
   * is made for each algorithm apart: RFC 4035 §2.2 wants every RRset signed with each algorithm of the
   * DNSKEY set, so during an algorithm rollover a new algorithm with only a SEP key signs everything with
   * it while the old one keeps its KSK and ZSK roles.
   */
  public List<ZoneKey> signersAt(int type, Instant now) {
    List<ZoneKey> out = new ArrayList<>();
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      List<ZoneKey> ksks = active(now, k -> k.algorithm() == algorithm && k.isSep());
      List<ZoneKey> zsks = active(now, k -> k.algorithm() == algorithm && !k.isSep());
      if (type == Type.DNSKEY) {
        out.addAll(ksks.isEmpty() ? zsks : ksks);
      } else {
        out.addAll(zsks.isEmpty() ? ksks : zsks);
      }
    }
    return out;
  }

  /** The DS records (SHA-256) of the SEP keys, to give the parent; removed keys are left out. */
  public List<DSRecord> dsRecordsAt(Instant now) {
    return keys.stream()
        .filter(ZoneKey::isSep)
        .filter(k -> k.stateAt(now) != KeyState.REMOVED)
        .map(ZoneKey::ds)
        .toList();
  }

  private List<ZoneKey> active(Instant now, Predicate<ZoneKey> kind) {
    return keys.stream().filter(kind).filter(k -> k.stateAt(now).isActive()).toList();
  }
}
