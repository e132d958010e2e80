package io.wadns.transfer;

import io.wadns.zone.Zone;
import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone's SOA record in wire form (owner and RDATA uncompressed), as a transfer writes it at the
 * start and end of a zone (RFC 5936 §2.2) and around each difference (RFC 1995 §4).
 *
 * @param owner the zone's origin in wire form
 * @param rdata the SOA's RDATA in wire form
 */
record SoaRecord(byte[] owner, long ttl, byte[] rdata, long serial) {
  static SoaRecord of(Zone zone) {
    return of((SOARecord) zone.apex().get(Type.SOA).first());
  }

  static SoaRecord of(SOARecord soa) {
    byte[] owner = soa.getName().toWire();
    byte[] whole = soa.toWire(Section.ANSWER); // no compression: owner, then the fixed fields, then RDATA
    byte[] rdata = Arrays.copyOfRange(whole, owner.length + 10, whole.length);
    return new SoaRecord(owner, soa.getTTL(), rdata, soa.getSerial());
  }

  /** The SOA as a dnsjava record, for messages built with dnsjava. */
  Record record(Name origin) {
    return Record.newRecord(origin, Type.SOA, org.xbill.DNS.DClass.IN, ttl, rdata);
  }
}
