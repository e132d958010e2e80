package io.wadns.protocol;

import io.wadns.wire.Wire;

/**
 * A query checked cheaply, byte by byte, for the shape the fast path answers: a standard QUERY
 * with one question of class IN, no compression, at most one OPT (version 0, no options but a
 * client cookie), nothing else. Anything else goes to the general path, which knows every rule.
 *
 * <p>Mutable and reused per thread: {@link #read} fills it without allocating.
 */
final class QueryShape {
  static final int MAX_NAME = 255;

  /** The query name in wire form, lower-cased, for the cache key. */
  final byte[] name = new byte[MAX_NAME];
  int nameLength;
  int hash;
  int qtype;
  /** Offset just past the question (name, type, class). */
  int questionEnd;
  boolean hasOpt;
  boolean dnssecOk;
  int udpPayload;
  private final CacheKey key = CacheKey.probe();

  /** The cache key of the query read last; reused, so copy it to store it. */
  CacheKey key() {
    return key.point(this);
  }

  /** Fills this from {@code packet}; false when the query is not of the fast shape. */
  boolean read(byte[] packet, int length) {
    if (length < 17) {
      return false;
    }
    int flags = u16(packet, 2);
    // QR, opcode and TC must be clear (0x8000 | 0x7800 | 0x0200); Z is ignored as the general path does.
    if ((flags & 0xFA00) != 0 || u16(packet, 4) != 1 || u16(packet, 6) != 0 || u16(packet, 8) != 0) {
      return false;
    }
    int arcount = u16(packet, 10);
    if (arcount > 1) {
      return false;
    }
    int p = 12;
    int h = 0;
    int n = 0;
    while (true) {
      if (p >= length) {
        return false;
      }
      int len = packet[p] & 0xFF;
      if (len > 63 || n + len + 1 > MAX_NAME) {
        return false; // compression pointer, reserved label type, or too long
      }
      name[n++] = (byte) len;
      h = 31 * h + len;
      p++;
      if (len == 0) {
        break;
      }
      if (p + len > length) {
        return false;
      }
      for (int i = 0; i < len; i++) {
        int c = packet[p + i] & 0xFF;
        if (c >= 'A' && c <= 'Z') {
          c += 32;
        }
        name[n++] = (byte) c;
        h = 31 * h + c;
      }
      p += len;
    }
    if (p + 4 > length) {
      return false;
    }
    qtype = u16(packet, p);
    int qclass = u16(packet, p + 2);
    p += 4;
    // Meta types (RFC 6895 §3.1: 128-255, and OPT) have rules of their own.
    if (qclass != 1 || qtype == 0 || qtype == 41 || (qtype >= 128 && qtype <= 255)) {
      return false;
    }
    nameLength = n;
    hash = 31 * h + qtype;
    questionEnd = p;
    hasOpt = false;
    dnssecOk = false;
    if (arcount == 1) {
      return readOpt(packet, p, length);
    }
    return p == length;
  }

  private boolean readOpt(byte[] packet, int p, int length) {
    if (p + 11 > length || packet[p] != 0 || u16(packet, p + 1) != 41) {
      return false;
    }
    udpPayload = u16(packet, p + 3);
    int extendedRcode = packet[p + 5] & 0xFF;
    int version = packet[p + 6] & 0xFF;
    int rdlength = u16(packet, p + 9);
    if (extendedRcode != 0 || version != 0 || p + 11 + rdlength != length) {
      return false;
    }
    // Options: none, or one client (8 bytes) or client+server (16-40 bytes) cookie (RFC 7873 §4),
    // which we do not echo, as the general path does not either.
    if (rdlength != 0) {
      int code = u16(packet, p + 11);
      int optionLength = rdlength >= 4 ? u16(packet, p + 13) : -1;
      if (rdlength < 4 || code != 10 || optionLength + 4 != rdlength
          || !(optionLength == 8 || (optionLength >= 16 && optionLength <= 40))) {
        return false;
      }
    }
    hasOpt = true;
    dnssecOk = (packet[p + 7] & 0x80) != 0;
    return true;
  }

  private static int u16(byte[] b, int i) {
    return Wire.u16(b, i);
  }
}
