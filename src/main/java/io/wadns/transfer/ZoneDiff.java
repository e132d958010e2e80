package io.wadns.transfer;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneRecords;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.xbill.DNS.Type;

/**
 * The {@link Difference} between two versions of a zone, record by record. A record is its owner
 * (compared without regard to case, RFC 4343), type, TTL and RDATA: a changed TTL is the old record
 * deleted and the new one added, as IXFR has no other way to say it. Runs on the reload thread.
 */
final class ZoneDiff {
  private ZoneDiff() {}

  /** From {@code before} to {@code after}; an empty difference has its two SOAs only. */
  static Difference between(Zone before, Zone after) {
    Set<ByteBuffer> old = keys(before);
    Set<ByteBuffer> now = keys(after);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SoaRecord from = SoaRecord.of(before);
    SoaRecord to = SoaRecord.of(after);
    int count = 0;
    write(out, from);
    count++;
    for (ByteBuffer k : old) {
      if (!now.contains(k)) {
        writeKey(out, k);
        count++;
      }
    }
    write(out, to);
    count++;
    for (ByteBuffer k : now) {
      if (!old.contains(k)) {
        writeKey(out, k);
        count++;
      }
    }
    return new Difference(from.serial(), to.serial(), out.toByteArray(), count);
  }

  /** True when the two versions hold the same records, SOA aside. */
  static boolean sameRecords(Zone a, Zone b) {
    return keys(a).equals(keys(b));
  }

  /**
   * Every record but the SOA, as its uncompressed wire form with the owner in lower case (the case
   * of RDATA is kept: it is data), so equal records have equal keys.
   */
  private static Set<ByteBuffer> keys(Zone zone) {
    Set<ByteBuffer> keys = new HashSet<>();
    ZoneRecords r = zone.records();
    while (r.next()) {
      if (r.type() == Type.SOA) {
        continue;
      }
      byte[] key = new byte[r.ownerLength() + 10 + r.rdataLength()];
      byte[] owner = r.ownerArena();
      for (int i = 0; i < r.ownerLength(); i++) {
        byte b = owner[r.ownerStart() + i];
        key[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
      }
      ByteBuffer fixed = ByteBuffer.wrap(key, r.ownerLength(), 10);
      fixed.putShort((short) r.type()).putShort((short) 1).putInt((int) r.ttl()).putShort((short) r.rdataLength());
      System.arraycopy(r.rdataArena(), r.rdataStart(), key, r.ownerLength() + 10, r.rdataLength());
      keys.add(ByteBuffer.wrap(key));
    }
    return keys;
  }

  private static void writeKey(ByteArrayOutputStream out, ByteBuffer key) {
    out.write(key.array(), 0, key.array().length);
  }

  private static void write(ByteArrayOutputStream out, SoaRecord soa) {
    out.writeBytes(soa.owner());
    ByteBuffer fixed = ByteBuffer.allocate(10);
    fixed.putShort((short) Type.SOA).putShort((short) 1).putInt((int) soa.ttl()).putShort((short) soa.rdata().length);
    out.writeBytes(fixed.array());
    out.writeBytes(soa.rdata());
  }
}
