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
 * A zone held as what a transfer carries: its records as dnsjava records (for the store's zone text) and
 * its SOA. The differences of an incremental transfer are applied in wire form by {@link WireUpdate}.
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

  /** The SOA of {@code zone}. */
  static SOARecord soaOf(Zone zone) {
    return (SOARecord) zone.apex().get(Type.SOA).first();
  }
}
