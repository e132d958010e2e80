package io.wadns.transfer;

import java.util.List;
import org.xbill.DNS.Type;

/**
 * The records of an incremental transfer (RFC 1995 §4): the newest SOA, then each difference (old
 * SOA, deletions, new SOA, additions), then the newest SOA again.
 */
final class IxfrRecords implements RecordSource {
  private final SoaRecord soa;
  private final List<Difference> differences;
  /** -1: the first SOA; 0..n-1: a difference; n: the last SOA; n+1: done. */
  private int at = -2;
  private byte[] blob;
  private int next;
  private int owner;
  private int ownerLength;
  private int type;
  private long ttl;
  private int rdata;
  private int rdataLength;

  IxfrRecords(SoaRecord soa, List<Difference> differences) {
    this.soa = soa;
    this.differences = differences;
  }

  @Override
  public boolean next() {
    if (at >= 0 && at < differences.size() && next < blob.length) {
      read();
      return true;
    }
    at++;
    while (at >= 0 && at < differences.size()) {
      blob = differences.get(at).records();
      next = 0;
      if (next < blob.length) {
        read();
        return true;
      }
      at++;
    }
    return at <= differences.size();
  }

  private boolean atSoa() {
    return at < 0 || at >= differences.size();
  }

  /** Reads the record at {@code next} of the current difference. */
  private void read() {
    owner = next;
    ownerLength = nameLength(blob, owner);
    int p = owner + ownerLength;
    type = u16(blob, p);
    ttl = (long) u16(blob, p + 4) << 16 | u16(blob, p + 6);
    rdataLength = u16(blob, p + 8);
    rdata = p + 10;
    next = rdata + rdataLength;
    if (next > blob.length) {
      throw new IllegalStateException("a journal record runs past its difference");
    }
  }

  /** True when {@code d}'s records read to its end, {@code count} of them, starting and ending its halves with SOAs. */
  static boolean valid(Difference d) {
    byte[] b = d.records();
    int p = 0;
    int n = 0;
    int soas = 0;
    try {
      while (p < b.length) {
        int end = p + nameLength(b, p);
        if (u16(b, end) == Type.SOA) {
          soas++;
        }
        p = end + 10 + u16(b, end + 8);
        n++;
      }
    } catch (IndexOutOfBoundsException e) {
      return false;
    }
    return p == b.length && n == d.count() && soas == 2;
  }

  private static int nameLength(byte[] b, int start) {
    int p = start;
    while (b[p] != 0) {
      if ((b[p] & 0xC0) != 0) {
        throw new IndexOutOfBoundsException("a compressed name in the journal");
      }
      p += (b[p] & 0xFF) + 1;
    }
    return p + 1 - start;
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
  }

  @Override
  public byte[] ownerArena() {
    return atSoa() ? soa.owner() : blob;
  }

  @Override
  public int ownerStart() {
    return atSoa() ? 0 : owner;
  }

  @Override
  public int ownerLength() {
    return atSoa() ? soa.owner().length : ownerLength;
  }

  @Override
  public int type() {
    return atSoa() ? Type.SOA : type;
  }

  @Override
  public long ttl() {
    return atSoa() ? soa.ttl() : ttl;
  }

  @Override
  public byte[] rdataArena() {
    return atSoa() ? soa.rdata() : blob;
  }

  @Override
  public int rdataStart() {
    return atSoa() ? 0 : rdata;
  }

  @Override
  public int rdataLength() {
    return atSoa() ? soa.rdata().length : rdataLength;
  }
}
