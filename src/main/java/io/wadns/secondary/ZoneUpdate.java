package io.wadns.secondary;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneRecords;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
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

  /**
   * Every record of {@code zone} but its SOA, the configuration records included, as dnsjava records made
   * one at a time as they are asked for: writing a zone of a million records as text never holds a million
   * records at once. Each iteration walks the zone afresh.
   */
  static Iterable<Record> records(Zone zone) {
    return () -> new Iterator<>() {
      private final ZoneRecords cursor = zone.records();
      private Record next = advance();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Record next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Record r = next;
        next = advance();
        return r;
      }

      private Record advance() {
        while (cursor.next()) {
          if (cursor.type() != Type.SOA) {
            return record(cursor);
          }
        }
        return null;
      }
    };
  }

  private static Record record(ZoneRecords cursor) {
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
    return Record.newRecord(name, cursor.type(), DClass.IN, cursor.ttl(), rdata);
  }

  /** The SOA of {@code zone}. */
  static SOARecord soaOf(Zone zone) {
    return (SOARecord) zone.apex().get(Type.SOA).first();
  }
}
