package io.wadns.transfer;

import io.wadns.zone.RecordChanges;
import io.wadns.zone.Zone;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.xbill.DNS.Type;

/**
 * The {@link Difference} between two versions of a zone, record by record. A record is its owner
 * (compared without regard to case, RFC 4343), type, TTL and RDATA: a changed TTL is the old record
 * deleted and the new one added, as IXFR has no other way to say it. The versions are compared RRset
 * by RRset in their arrays ({@link RecordChanges}), so a reload that changes one weight of a large zone
 * costs a pass over the arrays, not an object per record. Runs on the reload thread.
 */
final class ZoneDiff {
  private ZoneDiff() {}

  /** From {@code before} to {@code after}; an empty difference has its two SOAs only. */
  static Difference between(Zone before, Zone after) {
    ByteArrayOutputStream deleted = new ByteArrayOutputStream();
    ByteArrayOutputStream added = new ByteArrayOutputStream();
    int[] count = {2}; // the two SOAs
    RecordChanges.Sink sink = (isAdded, owner, ownerStart, ownerLength, type, ttl, rdata, rdataStart, rdataLength) -> {
      ByteArrayOutputStream out = isAdded ? added : deleted;
      for (int i = 0; i < ownerLength; i++) {
        byte b = owner[ownerStart + i];
        out.write(b >= 'A' && b <= 'Z' ? b + 32 : b);
      }
      ByteBuffer fixed = ByteBuffer.allocate(10);
      fixed.putShort((short) type).putShort((short) 1).putInt((int) ttl).putShort((short) rdataLength);
      out.write(fixed.array(), 0, 10);
      out.write(rdata, rdataStart, rdataLength);
      count[0]++;
    };
    RecordChanges.between(before.data(), after.data(), sink);
    RecordChanges.between(before.configuration(), after.configuration(), sink);
    SoaRecord from = SoaRecord.of(before);
    SoaRecord to = SoaRecord.of(after);
    ByteArrayOutputStream out = new ByteArrayOutputStream(deleted.size() + added.size() + 256);
    write(out, from);
    out.write(deleted.toByteArray(), 0, deleted.size());
    write(out, to);
    out.write(added.toByteArray(), 0, added.size());
    return new Difference(from.serial(), to.serial(), out.toByteArray(), count[0]);
  }

  /** True when the two versions hold the same records, SOA aside. */
  static boolean sameRecords(Zone a, Zone b) {
    boolean[] differ = {false};
    RecordChanges.Sink sink = (isAdded, owner, ownerStart, ownerLength, type, ttl, rdata, rdataStart, rdataLength) ->
        differ[0] = true;
    RecordChanges.between(a.data(), b.data(), sink);
    RecordChanges.between(a.configuration(), b.configuration(), sink);
    return !differ[0];
  }

  private static void write(ByteArrayOutputStream out, SoaRecord soa) {
    out.writeBytes(soa.owner());
    ByteBuffer fixed = ByteBuffer.allocate(10);
    fixed.putShort((short) Type.SOA).putShort((short) 1).putInt((int) soa.ttl()).putShort((short) soa.rdata().length);
    out.writeBytes(fixed.array());
    out.writeBytes(soa.rdata());
  }
}
