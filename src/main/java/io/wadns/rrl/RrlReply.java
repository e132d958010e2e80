package io.wadns.rrl;

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
    int flags = u16(m, 2);
    int opcode = (flags >>> 11) & 0xF;
    int rcode = flags & 0xF;
    if (opcode != 0 || u16(m, 4) != 1 || (rcode != RCODE_NOERROR && rcode != RCODE_NXDOMAIN)) {
      return errorIdentity();
    }
    int qname = HEADER;
    int p = skipName(m, qname, length);
    if (p < 0 || p + 4 > length) {
      return errorIdentity();
    }
    int qtype = u16(m, p);
    int qclass = u16(m, p + 2);
    p += 4;
    int answers = u16(m, 6);
    if (rcode == RCODE_NOERROR && answers > 0) {
      return hash(ANSWER, qtype, qclass, m, qname, length);
    }
    p = skipRecords(m, p, length, answers);
    int soaOwner = -1;
    int nsOwner = -1;
    for (int i = u16(m, 8); i > 0 && p >= 0; i--) {
      int fixed = skipName(m, p, length);
      if (fixed < 0 || fixed + 10 > length) {
        break;
      }
      int type = u16(m, fixed);
      if (type == TYPE_SOA && soaOwner < 0) {
        soaOwner = p;
      } else if (type == TYPE_NS && nsOwner < 0) {
        nsOwner = p;
      }
      p = recordEnd(fixed, m, length);
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
    int questions = u16(m, 4);
    for (int i = 0; i < questions; i++) {
      int end = skipName(m, p, length);
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
      p = skipRecords(m, p, length, u16(m, 6) + u16(m, 8));
      for (int i = u16(m, 10); i > 0 && p >= 0; i--) {
        int fixed = skipName(m, p, length);
        if (fixed < 0 || fixed + 10 > length) {
          break;
        }
        int end = recordEnd(fixed, m, length);
        // Only a root owner written out (one zero byte): a compressed owner could point into removed records.
        if (end > 0 && u16(m, fixed) == TYPE_OPT && fixed == p + 1) {
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
    put16(m, 4, questions);
    put16(m, 6, 0);
    put16(m, 8, 0);
    put16(m, 10, optStart >= 0 ? 1 : 0);
    return newLength;
  }

  /** Offset just past the name at {@code p}, or -1 when it runs past the end or is not a name. */
  static int skipName(byte[] m, int p, int length) {
    while (p < length) {
      int len = m[p] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        return p + 2 <= length ? p + 2 : -1;
      }
      if ((len & 0xC0) != 0) {
        return -1; // RFC 6891 §5: extended label types are obsolete
      }
      if (len == 0) {
        return p + 1;
      }
      p += 1 + len;
    }
    return -1;
  }

  private static int skipRecords(byte[] m, int p, int length, int count) {
    for (int i = 0; i < count && p >= 0; i++) {
      int fixed = skipName(m, p, length);
      p = fixed < 0 || fixed + 10 > length ? -1 : recordEnd(fixed, m, length);
    }
    return p;
  }

  /** End of the record whose type field is at {@code fixed}, or -1 when its RDATA runs past the end. */
  private static int recordEnd(int fixed, byte[] m, int length) {
    int end = fixed + 10 + u16(m, fixed + 8);
    return end <= length ? end : -1;
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

  private static int u16(byte[] m, int p) {
    return ((m[p] & 0xFF) << 8) | (m[p + 1] & 0xFF);
  }

  private static void put16(byte[] m, int p, int v) {
    m[p] = (byte) (v >>> 8);
    m[p + 1] = (byte) v;
  }
}
