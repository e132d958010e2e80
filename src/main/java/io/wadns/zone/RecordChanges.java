package io.wadns.zone;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The records by which two versions of a zone's data differ, found RRset by RRset: each name of one
 * version is looked up in the other, and an RRset whose TTL and RDATA bytes are the same in both
 * (the common case: a reload of a large zone changes a few RRsets) is passed over without an object
 * made. Only an RRset that differs is compared record by record. Names compare without regard to
 * case (RFC 4343); a changed TTL changes every record of the RRset.
 */
public final class RecordChanges {
  /** Receives each record deleted or added, read in place from the zone's arrays. */
  public interface Sink {
    void record(boolean added, byte[] owner, int ownerStart, int ownerLength, int type, long ttl, byte[] rdata,
        int rdataStart, int rdataLength);
  }

  private RecordChanges() {}

  /**
   * Every record of {@code before} not in {@code after} (deleted), then every record of {@code after}
   * not in {@code before} (added), SOA records left out. Either may be null (no records).
   */
  public static void between(ZoneData before, ZoneData after, Sink sink) {
    if (before != null) {
      oneWay(before, after, false, sink);
    }
    if (after != null) {
      oneWay(after, before, true, sink);
    }
  }

  /** The records of {@code from} that {@code other} lacks, given to {@code sink} as {@code added}. */
  private static void oneWay(ZoneData from, ZoneData other, boolean added, Sink sink) {
    NameTable names = from.names;
    byte[] arena = names.arena();
    for (int n = 0; n < from.nodeCount(); n++) {
      if (from.nodeSets[n] == from.nodeSets[n + 1]) {
        continue;
      }
      int start = names.start(n);
      int length = names.length(n);
      int m = other == null ? -1 : sameName(names, n, other.names) ? n : other.names.find(arena, start, length);
      for (int s = from.nodeSets[n]; s < from.nodeSets[n + 1]; s++) {
        int type = from.setType[s];
        if (type == org.xbill.DNS.Type.SOA) {
          continue;
        }
        int t = m < 0 ? -1 : other.set(m, type);
        if (t >= 0 && sameSet(from, s, other, t)) {
          continue;
        }
        Set<ByteBuffer> there = t >= 0 && other.setTtl[t] == from.setTtl[s] ? rdataOf(other, t) : Set.of();
        for (int r = from.setRecords[s]; r < from.setRecords[s + 1]; r++) {
          int d = from.recordData[r];
          int len = from.recordData[r + 1] - d;
          if (!there.contains(ByteBuffer.wrap(from.rdata, d, len))) {
            sink.record(added, arena, start, length, type, from.setTtl[s] & 0xFFFFFFFFL, from.rdata, d, len);
          }
        }
      }
    }
  }

  /**
   * True when name {@code n} of {@code a} is name {@code n} of {@code b}, byte for byte: two versions
   * read from one file mostly keep their names in the same order, and a comparison of bytes in place is
   * cheaper than a lookup.
   */
  private static boolean sameName(NameTable a, int n, NameTable b) {
    if (n >= b.size() || a.length(n) != b.length(n)) {
      return false;
    }
    return java.util.Arrays.equals(a.arena(), a.start(n), a.start(n) + a.length(n), b.arena(), b.start(n),
        b.start(n) + b.length(n));
  }

  /** True when the two RRsets have the same TTL and the same records in the same order. */
  private static boolean sameSet(ZoneData a, int s, ZoneData b, int t) {
    if (a.setTtl[s] != b.setTtl[t]) {
      return false;
    }
    int count = a.setRecords[s + 1] - a.setRecords[s];
    if (count != b.setRecords[t + 1] - b.setRecords[t]) {
      return false;
    }
    int aStart = a.recordData[a.setRecords[s]];
    int aEnd = a.recordData[a.setRecords[s + 1]];
    int bStart = b.recordData[b.setRecords[t]];
    int bEnd = b.recordData[b.setRecords[t + 1]];
    if (!java.util.Arrays.equals(a.rdata, aStart, aEnd, b.rdata, bStart, bEnd)) {
      return false;
    }
    for (int i = 1; i < count; i++) { // the same bytes, cut into the same records
      if (a.recordData[a.setRecords[s] + i] - aStart != b.recordData[b.setRecords[t] + i] - bStart) {
        return false;
      }
    }
    return true;
  }

  private static Set<ByteBuffer> rdataOf(ZoneData data, int s) {
    Set<ByteBuffer> out = new HashSet<>();
    for (int r = data.setRecords[s]; r < data.setRecords[s + 1]; r++) {
      out.add(ByteBuffer.wrap(data.rdata, data.recordData[r], data.recordData[r + 1] - data.recordData[r]));
    }
    return out;
  }
}
