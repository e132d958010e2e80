package io.wadns.secondary;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneRecords;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The records of a zone after the differences of an IXFR (RFC 1995 §4): each difference deletes its
 * records, then adds its own. A difference that deletes a record we do not hold, or starts from a
 * version we are not at, means our copy and the primary's history disagree: the update fails and the
 * zone is transferred whole instead.
 */
final class ZoneUpdate {
  private ZoneUpdate() {}

  /** Every record of {@code zone} but its SOA, the configuration records included, as dnsjava records. */
  static Set<Record> recordsOf(Zone zone) {
    Set<Record> out = new LinkedHashSet<>(zone.recordCount() * 2);
    ZoneRecords cursor = zone.records();
    while (cursor.next()) {
      if (cursor.type() == Type.SOA) {
        continue;
      }
      byte[] owner = Arrays.copyOfRange(cursor.ownerArena(), cursor.ownerStart(),
          cursor.ownerStart() + cursor.ownerLength());
      byte[] rdata = Arrays.copyOfRange(cursor.rdataArena(), cursor.rdataStart(),
          cursor.rdataStart() + cursor.rdataLength());
      Name name;
      try {
        name = new Name(owner);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("a zone holds a malformed owner name", e);
      }
      out.add(Record.newRecord(name, cursor.type(), DClass.IN, cursor.ttl(), rdata));
    }
    return out;
  }

  /** The records (SOA left out) after {@code update}, applied to {@code records} in place. */
  static Set<Record> apply(Set<Record> records, long serial, Transferred.Incremental update)
      throws TransferException {
    long at = serial;
    for (Transferred.Difference d : update.differences()) {
      if (d.from().getSerial() != at) {
        throw new TransferException("a difference from serial " + d.from().getSerial() + " while we are at " + at);
      }
      for (Record r : d.deleted()) {
        if (!records.remove(r)) {
          throw new TransferException("the difference to serial " + d.to().getSerial() + " deletes a record we do"
              + " not hold: " + r.getName() + " " + Type.string(r.getType()));
        }
      }
      for (Record r : d.added()) {
        records.remove(r); // a new TTL replaces the old one (equal records differ only in TTL)
        records.add(r);
      }
      at = d.to().getSerial();
    }
    return records;
  }

  /** The SOA of {@code zone}. */
  static SOARecord soaOf(Zone zone) {
    return (SOARecord) zone.apex().get(Type.SOA).first();
  }
}
