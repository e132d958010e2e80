package io.wadns.wire;

/**
 * Reading DNS messages in wire form without parsing them into objects (RFC 1035 §4.1): the header
 * fields, names with or without compression, the end of the question. The one place these byte
 * rules live, for the answer cache, rate limiting and metrics. Every method checks bounds against
 * {@code length} and returns -1 rather than throwing on malformed input.
 */
public final class Wire {
  /** RFC 1035 §4.1.1: the header is 12 octets. */
  public static final int HEADER_LENGTH = 12;
  /** Compression pointers are followed at most this often: a name has at most 127 labels. */
  private static final int MAX_HOPS = 128;

  private Wire() {}

  /** The unsigned 16-bit big-endian value at {@code p}. */
  public static int u16(byte[] m, int p) {
    return (m[p] & 0xFF) << 8 | (m[p + 1] & 0xFF);
  }

  /** The unsigned 32-bit big-endian value at {@code p}. */
  public static long u32(byte[] m, int p) {
    return (m[p] & 0xFFL) << 24 | (m[p + 1] & 0xFF) << 16 | (m[p + 2] & 0xFF) << 8 | (m[p + 3] & 0xFF);
  }

  public static void put16(byte[] m, int p, int value) {
    m[p] = (byte) (value >>> 8);
    m[p + 1] = (byte) value;
  }

  /** The flags word: QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode. */
  public static int flags(byte[] m) {
    return u16(m, 2);
  }

  public static int opcode(byte[] m) {
    return (flags(m) >>> 11) & 0xF;
  }

  public static int rcode(byte[] m) {
    return flags(m) & 0xF;
  }

  public static boolean truncated(byte[] m) {
    return (m[2] & 0x02) != 0;
  }

  public static int questionCount(byte[] m) {
    return u16(m, 4);
  }

  public static int answerCount(byte[] m) {
    return u16(m, 6);
  }

  public static int authorityCount(byte[] m) {
    return u16(m, 8);
  }

  public static int additionalCount(byte[] m) {
    return u16(m, 10);
  }

  /**
   * The offset just past the name at {@code p} (past its pointer, when compressed: RFC 1035 §4.1.4),
   * or -1 when it runs past {@code length} or uses a reserved label type.
   */
  public static int nameEnd(byte[] m, int p, int length) {
    while (p < length) {
      int len = m[p] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        return p + 2 <= length ? p + 2 : -1;
      }
      if ((len & 0xC0) != 0) {
        return -1;
      }
      if (len == 0) {
        return p + 1;
      }
      p += len + 1;
    }
    return -1;
  }

  /**
   * The end of the record whose type field is at {@code fixed} (just past its owner name), or -1 when
   * its RDATA runs past {@code length}.
   */
  public static int recordEnd(byte[] m, int fixed, int length) {
    if (fixed < 0 || fixed + 10 > length) {
      return -1;
    }
    int end = fixed + 10 + u16(m, fixed + 8);
    return end <= length ? end : -1;
  }

  /** The offset just past {@code count} records starting at {@code p}, or -1 when one is malformed. */
  public static int recordsEnd(byte[] m, int p, int length, int count) {
    for (int i = 0; i < count && p >= 0; i++) {
      p = recordEnd(m, nameEnd(m, p, length), length);
    }
    return p;
  }

  /** The offset just past the first question (name, type, class), or -1 when there is none. */
  public static int questionEnd(byte[] m, int length) {
    if (length < HEADER_LENGTH || questionCount(m) == 0) {
      return -1;
    }
    int p = nameEnd(m, HEADER_LENGTH, length);
    return p < 0 || p + 4 > length ? -1 : p + 4;
  }

  /** The type of the first question, or -1 when there is no readable question. */
  public static int questionType(byte[] m, int length) {
    int end = questionEnd(m, length);
    return end < 0 ? -1 : u16(m, end - 4);
  }

  /**
   * The name at {@code p} as text, following compression pointers, with bytes that are not
   * printable letters escaped as {@code \DDD} (RFC 1035 §5.1), so that no control byte of a
   * hostile packet reaches a log. "?" when the name is malformed.
   */
  public static String nameText(byte[] m, int p, int length) {
    StringBuilder sb = new StringBuilder();
    for (int hops = 0; hops < MAX_HOPS && p < length; hops++) {
      int len = m[p] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        if (p + 1 >= length) {
          return "?";
        }
        p = (len & 0x3F) << 8 | (m[p + 1] & 0xFF);
        continue;
      }
      if ((len & 0xC0) != 0 || p + 1 + len > length) {
        return "?";
      }
      if (len == 0) {
        return sb.length() == 0 ? "." : sb.toString();
      }
      for (int i = p + 1; i <= p + len; i++) {
        int c = m[i] & 0xFF;
        if (c > 0x20 && c < 0x7F && c != '.' && c != '\\' && c != '"' && c != ';') {
          sb.append((char) c);
        } else {
          sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10))
              .append((char) ('0' + c % 10));
        }
      }
      sb.append('.');
      p += len + 1;
    }
    return "?";
  }

  /**
   * {@code message} with its TC bit clear (a copy when it was set). dnsjava forgives parse errors in a
   * message with TC set, as a truncated response may be cut anywhere; a query, NOTIFY or transfer request
   * with TC is no such response, so it is parsed as if TC were clear, and its errors count.
   */
  public static byte[] withoutTc(byte[] message) {
    if (message.length < 3 || (message[2] & 0x02) == 0) {
      return message;
    }
    byte[] copy = message.clone();
    copy[2] &= ~0x02;
    return copy;
  }
}
