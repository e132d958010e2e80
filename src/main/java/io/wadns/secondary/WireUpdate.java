package io.wadns.secondary;

import io.wadns.text.SafeText;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneRecords;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZonePatch;
import io.wadns.zonetext.RecordSink;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The records of a zone after an incremental transfer's differences (RFC 1995 §4), handed to a zone
 * builder in wire form straight from the zone held: only the records the differences name become
 * dnsjava records, so a one-record change to a large zone costs one pass over its arrays, not an object
 * and a line of text per record.
 *
 * <p>The differences are folded first into what they do in the end: records to delete from the zone held
 * (each must be there, or the update fails and the zone is transferred whole), and records to add (a record
 * added again replaces the held one, as a new TTL does). A difference from a version we are not at fails
 * at once. Confined to the refresh thread.
 */
final class WireUpdate {
  /** Held records the differences delete: each must be found while feeding. */
  private final Set<Record> deleted = new LinkedHashSet<>();
  /** Held records replaced by an added one (equal but for the TTL), found or not. */
  private final Set<Record> replaced = new HashSet<>();
  /** What the differences add, in the end, by record (TTL aside). */
  private final Map<Record, Record> added = new LinkedHashMap<>();
  /** Owner (lower case) and type of every record in {@link #deleted} and {@link #replaced}. */
  private final Set<String> touched = new HashSet<>();
  private final Set<Record> found = new HashSet<>();
  private final Zone held;
  private final Record soa;

  private WireUpdate(Zone held, Record soa) {
    this.held = held;
    this.soa = soa;
  }

  /** The update of {@code held} by {@code update}; fails when a difference does not start at our version. */
  static WireUpdate of(Zone held, Transferred.Incremental update) throws TransferException {
    WireUpdate u = new WireUpdate(held, update.soa());
    long at = held.serial();
    for (Transferred.Difference d : update.differences()) {
      if (d.from().getSerial() != at) {
        throw new TransferException("a difference from serial " + d.from().getSerial() + " while we are at " + at);
      }
      for (Record r : d.deleted()) {
        if (u.added.remove(r) == null && !u.deleted.add(r)) {
          throw new TransferException("the difference to serial " + d.to().getSerial() + " deletes a record twice: "
              + SafeText.of(r.getName().toString()) + " " + Type.string(r.getType()));
        }
      }
      for (Record r : d.added()) {
        u.added.remove(r); // the new TTL replaces the old one (equal records differ only in TTL)
        u.added.put(r, r);
        u.replaced.add(r);
      }
      at = d.to().getSerial();
    }
    for (Record r : u.deleted) {
      u.touched.add(key(r.getName(), r.getType()));
    }
    for (Record r : u.replaced) {
      u.touched.add(key(r.getName(), r.getType()));
    }
    return u;
  }

  /**
   * The differences applied to the zone held as a patch of the RRsets they touch, when the change is
   * one a patch can take (see {@link ZonePatch}); else the caller feeds the whole zone to the builder.
   */
  ZonePatch.Outcome patch(LoadLimits limits) {
    return ZonePatch.apply(held, (SOARecord) soa, deleted, replaced, added.values(), limits);
  }

  /** About how many records {@link #feed} gives. */
  int expectedRecords() {
    return held.recordCount() + added.size();
  }

  /**
   * Gives the new SOA, every held record the differences leave (configuration records included), then the
   * added records; afterwards {@link #unmatched} tells whether a deletion named a record we do not hold.
   */
  void feed(RecordSink sink) {
    found.clear();
    WireRecords.feed(soa, sink, "IXFR", 1);
    ZoneRecords r = held.records();
    byte[] owner = new byte[255];
    int line = 1;
    while (r.next()) {
      line++;
      if (r.type() == Type.SOA) {
        continue;
      }
      System.arraycopy(r.ownerArena(), r.ownerStart(), owner, 0, r.ownerLength());
      byte[] rdata = Arrays.copyOfRange(r.rdataArena(), r.rdataStart(), r.rdataStart() + r.rdataLength());
      if (!touched.isEmpty() && touched.contains(key(owner, r.ownerLength(), r.type()))) {
        Record held = Record.newRecord(name(owner, r.ownerLength()), r.type(), DClass.IN, r.ttl(), rdata);
        if (deleted.contains(held)) {
          found.add(held);
          continue;
        }
        if (replaced.contains(held)) {
          continue;
        }
      }
      sink.record(owner, r.ownerLength(), r.type(), r.ttl(), rdata, rdata.length, "IXFR", line);
    }
    for (Record a : added.values()) {
      WireRecords.feed(a, sink, "IXFR", ++line);
    }
  }

  /** A record the differences delete that {@link #feed} did not find in the zone held, or null. */
  Record unmatched() {
    for (Record r : deleted) {
      if (!found.contains(r)) {
        return r;
      }
    }
    return null;
  }

  private static Name name(byte[] wire, int length) {
    try {
      return new Name(Arrays.copyOf(wire, length));
    } catch (IOException e) {
      throw new IllegalStateException("a zone holds a malformed owner name", e);
    }
  }

  private static String key(Name name, int type) {
    byte[] wire = name.toWireCanonical();
    return key(wire, wire.length, type);
  }

  /** The owner in lower case (RFC 4343) and the type, as one string. */
  private static String key(byte[] owner, int length, int type) {
    char[] c = new char[length + 1];
    for (int i = 0; i < length; i++) {
      byte b = owner[i];
      c[i] = (char) (b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF);
    }
    c[length] = (char) type;
    return new String(c);
  }
}
