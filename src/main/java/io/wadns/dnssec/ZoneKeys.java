package io.wadns.dnssec;

import java.time.Instant;
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
 * as combined signing keys (CSK). Immutable.
 */
public record ZoneKeys(Name zone, List<ZoneKey> keys) {
  public ZoneKeys {
    keys = List.copyOf(keys);
  }

  /** The DNSKEY records to publish at {@code now}: every key between its Publish and Delete times. */
  public List<DNSKEYRecord> dnskeysAt(Instant now) {
    return keys.stream().filter(k -> k.stateAt(now).isPublished()).map(ZoneKey::dnskey).toList();
  }

  /** The keys that sign an RRset of {@code type} at {@code now}; empty when no key is active. */
  public List<ZoneKey> signersAt(int type, Instant now) {
    List<ZoneKey> ksks = active(now, ZoneKey::isSep);
    List<ZoneKey> zsks = active(now, k -> !k.isSep());
    if (type == Type.DNSKEY) {
      return ksks.isEmpty() ? zsks : ksks;
    }
    return zsks.isEmpty() ? ksks : zsks;
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
