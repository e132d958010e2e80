package io.wadns.secondary;

import io.wadns.zonetext.RecordSink;
import java.util.Arrays;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Transferred records handed to a zone builder in wire form, as the zone-file reader hands over what it
 * reads: a transfer is checked and built without a line of zone text (RFC 5936 §2: the records of an
 * AXFR are the zone's records, in no particular order).
 */
final class WireRecords {
  private WireRecords() {}

  /** Hands {@code r} over: its owner, then its RDATA (names uncompressed, in their case), from {@code source}. */
  static void feed(Record r, RecordSink sink, String source, int line) {
    byte[] w = r.toWire(Section.ANSWER); // no compression: owner, type, class, TTL, length, RDATA
    int ownerLength = r.getName().length();
    int rdataStart = ownerLength + 10;
    sink.record(w, ownerLength, r.getType(), r.getTTL(), Arrays.copyOfRange(w, rdataStart, w.length),
        w.length - rdataStart, source, line);
  }
}
