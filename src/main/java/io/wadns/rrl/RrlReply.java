package io.wadns.rrl;

import io.wadns.wire.Wire;

/**
 * Reads the response identity that rate limiting counts from a rendered reply, and rewrites a
 * reply into the truncated "slip" form. Works on the bytes directly, allocates nothing, and never
 * throws on malformed content: a reply it cannot read counts as an error response.
 *
 * <p>The identity follows BIND's RRL: a positive answer is counted per query name, type and class;
 * a name error per zone (the SOA owner in the authority section), so a flood of random names in one
 * zone shares one account; a referral per delegation point (the NS owner); every error response of a
 * client shares one account.
 */
final class RrlReply {
  static final int HEADER = 12;

  /** Response kinds, part of the identity so an answer and a name error never share an account. */
  static final int ANSWER = 1;
  static final int NODATA = 2;
  static final int REFERRAL = 3;
  static final int NXDOMAIN = 4;
  static final int ERROR = 5;

  private static final int TYPE_NS = 2;
  private static final int TYPE_SOA = 6;
  private static final int TYPE_OPT = 41;
  private static final int RCODE_NOERROR = 0;
  private static final int RCODE_NXDOMAIN = 3;
  /** RFC 1035 §4.1.1: TC is bit 9 of the flags word, i.e. 0x02 of its first byte. */
  private static final int TC_HIGH_BYTE = 0x02;
  /** Enough for any legal name (at most 127 labels); more means a pointer loop. */
  private static final int MAX_HOPS = 128;

  private static final long FNV_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private RrlReply() {}

  /** The hashed identity of {@code reply[0..length)}, without the client. */
  static long identity(byte[] m, int length) {
    if (length < HEADER) {
      return errorIdentity();
    }
    int flags = Wire.u16(m, 2);
    int opcode = (flags >>> 11) & 0xF;
    int rcode = flags & 0xF;
    if (opcode != 0 || Wire.u16(m, 4) != 1 || (rcode != RCODE_NOERROR && rcode != RCODE_NXDOMAIN)) {
      return errorIdentity();
    }
    int qname = HEADER;
    int p = Wire.nameEnd(m, qname, length);
    if (p < 0 || p + 4 > length) {
      return errorIdentity();
    }
    int qtype = Wire.u16(m, p);
    int qclass = Wire.u16(m, p + 2);
    p += 4;
    int answers = Wire.u16(m, 6);
    if (rcode == RCODE_NOERROR && answers > 0) {
      return hash(ANSWER, qtype, qclass, m, qname, length);
    }
    p = Wire.recordsEnd(m, p, length, answers);
    int soaOwner = -1;
    int nsOwner = -1;
    for (int i = Wire.u16(m, 8); i > 0 && p >= 0; i--) {
      int fixed = Wire.nameEnd(m, p, length);
      if (fixed < 0 || fixed + 10 > length) {
        break;
      }
      int type = Wire.u16(m, fixed);
      if (type == TYPE_SOA && soaOwner < 0) {
        soaOwner = p;
      } else if (type == TYPE_NS && nsOwner < 0) {
        nsOwner = p;
      }
      p = Wire.recordEnd(m, fixed, length);
    }
    if (rcode == RCODE_NXDOMAIN) {
      // RFC 2308 §2.1: the SOA in a name error names the zone; one account per zone defeats random subdomains.
      return hash(NXDOMAIN, 0, qclass, m, soaOwner >= 0 ? soaOwner : qname, length);
    }
    if (soaOwner < 0 && nsOwner >= 0) {
      return hash(REFERRAL, 0, qclass, m, nsOwner, length);
    }
    return hash(NODATA, qtype, qclass, m, qname, length);
  }

  static long errorIdentity() {
    return fmix64(step(FNV_BASIS, ERROR));
  }

  /**
   * Rewrites {@code reply[0..length)} in place into the truncated reply BIND sends when it slips:
   * the header with TC set and the question, no answer or authority records, and the OPT record if
   * there was one (RFC 6891 §7: a reply to an EDNS query carries OPT). The rcode is kept. Returns
   * the new length, or 0 when there is not even a header.
   */
  static int truncate(byte[] m, int length) {
    if (length < HEADER) {
      return 0;
    }
    int p = HEADER;
    int questions = Wire.u16(m, 4);
    for (int i = 0; i < questions; i++) {
      int end = Wire.nameEnd(m, p, length);
      if (end < 0 || end + 4 > length) {
        questions = 0;
        p = HEADER;
        break;
      }
      p = end + 4;
    }
    int questionEnd = p;
    int optStart = -1;
    int optEnd = -1;
    if (questions > 0) {
      p = Wire.recordsEnd(m, p, length, Wire.u16(m, 6) + Wire.u16(m, 8));
      for (int i = Wire.u16(m, 10); i > 0 && p >= 0; i--) {
        int fixed = Wire.nameEnd(m, p, length);
        if (fixed < 0 || fixed + 10 > length) {
          break;
        }
        int end = Wire.recordEnd(m, fixed, length);
        // Only a root owner written out (one zero byte): a compressed owner could point into removed records.
        if (end > 0 && Wire.u16(m, fixed) == TYPE_OPT && fixed == p + 1) {
          optStart = p;
          optEnd = end;
          break;
        }
        p = end;
      }
    }
    int newLength = questionEnd;
    if (optStart >= 0) {
      System.arraycopy(m, optStart, m, questionEnd, optEnd - optStart);
      newLength += optEnd - optStart;
    }
    m[2] |= TC_HIGH_BYTE;
    Wire.put16(m, 4, questions);
    Wire.put16(m, 6, 0);
    Wire.put16(m, 8, 0);
    Wire.put16(m, 10, optStart >= 0 ? 1 : 0);
    return newLength;
  }

  private static long hash(int kind, int qtype, int qclass, byte[] m, int name, int length) {
    long h = step(FNV_BASIS, kind);
    h = step(h, qtype);
    h = step(h, qclass);
    return fmix64(hashName(h, m, name, length));
  }

  /**
   * Folds the name at {@code p} into {@code h}, following compression pointers and lower-casing
   * ASCII (RFC 4343: names compare case-insensitively). A malformed name folds in what was read:
   * at worst two identities share an account.
   */
  private static long hashName(long h, byte[] m, int p, int length) {
    int hops = 0;
    while (p < length) {
      int len = m[p] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        if (p + 1 >= length || ++hops > MAX_HOPS) {
          return h;
        }
        p = ((len & 0x3F) << 8) | (m[p + 1] & 0xFF);
        continue;
      }
      if ((len & 0xC0) != 0 || p + 1 + len > length) {
        return h;
      }
      h = step(h, len);
      if (len == 0) {
        return h;
      }
      for (int i = p + 1; i <= p + len; i++) {
        int c = m[i] & 0xFF;
        h = step(h, c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      }
      p += 1 + len;
    }
    return h;
  }

  static long step(long h, int value) {
    return (h ^ value) * FNV_PRIME;
  }

  /** MurmurHash3's 64-bit finalizer: spreads every input bit over the whole key. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
