package io.wadns.zonetext;

/**
 * Turns a domain name as written in a zone file into uncompressed wire form, keeping its case.
 *
 * <p>RFC 1035 §5.1: {@code @} is the origin, a name without a trailing dot is relative to it, and
 * {@code \X} and {@code \DDD} put any octet into a label (so {@code a\.b} is one label). RFC 1035
 * §2.3.4: a label has at most 63 octets and a name at most 255.
 */
final class WireName {
  static final int MAX_NAME = 255;
  static final int MAX_LABEL = 63;

  private WireName() {}

  /**
   * Writes the name {@code text[offset, offset + length)} at {@code out[outOffset]}.
   *
   * @param origin the origin in wire form, or null when none is set
   * @return the length of the wire name
   * @throws EntryError if the name is malformed, too long, or relative with no origin
   */
  static int parse(
      byte[] text, int offset, int length, byte[] origin, int originLength, byte[] out, int outOffset, int line)
      throws EntryError {
    if (length == 0) {
      throw new EntryError(line, "a name is empty");
    }
    if (length == 1 && text[offset] == '@') {
      return copyOrigin(text, offset, length, origin, originLength, out, outOffset, line);
    }
    if (length == 1 && text[offset] == '.') {
      out[outOffset] = 0;
      return 1;
    }
    int end = offset + length;
    int labelStart = outOffset; // where the length octet of the current label goes
    int w = outOffset + 1;
    int labelLength = 0;
    boolean absolute = false;
    int limit = outOffset + MAX_NAME;
    for (int i = offset; i < end; i++) {
      int c = text[i] & 0xFF;
      if (c == '.') {
        if (labelLength == 0) {
          throw new EntryError(line, "name '" + Excerpt.of(text, offset, length) + "' has an empty label");
        }
        out[labelStart] = (byte) labelLength;
        labelStart = w++;
        labelLength = 0;
        if (i == end - 1) {
          absolute = true;
        }
        if (w > limit) {
          throw tooLong(text, offset, length, line);
        }
        continue;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          throw badEscape(text, offset, length, line);
        }
        int d = text[i + 1] & 0xFF;
        if (isDigit(d)) {
          if (i + 3 >= end || !isDigit(text[i + 2] & 0xFF) || !isDigit(text[i + 3] & 0xFF)) {
            throw badEscape(text, offset, length, line);
          }
          int value = (d - '0') * 100 + ((text[i + 2] & 0xFF) - '0') * 10 + ((text[i + 3] & 0xFF) - '0');
          if (value > 255) {
            throw badEscape(text, offset, length, line);
          }
          c = value;
          i += 3;
        } else {
          c = d;
          i += 1;
        }
      }
      if (labelLength == MAX_LABEL) {
        throw new EntryError(line, "a label of '" + Excerpt.of(text, offset, length) + "' is longer than 63 octets");
      }
      if (w >= limit) {
        throw tooLong(text, offset, length, line);
      }
      out[w++] = (byte) c;
      labelLength++;
    }
    if (absolute) {
      out[labelStart] = 0;
      return w - outOffset;
    }
    out[labelStart] = (byte) labelLength;
    if (origin == null) {
      throw new EntryError(
          line, "name '" + Excerpt.of(text, offset, length) + "' is relative, but no $ORIGIN is set");
    }
    int total = w - outOffset + originLength;
    if (total > MAX_NAME) {
      throw tooLong(text, offset, length, line);
    }
    System.arraycopy(origin, 0, out, w, originLength);
    return total;
  }

  private static int copyOrigin(
      byte[] text, int offset, int length, byte[] origin, int originLength, byte[] out, int outOffset, int line)
      throws EntryError {
    if (origin == null) {
      throw new EntryError(line, "'@' stands for the origin, but no $ORIGIN is set");
    }
    System.arraycopy(origin, 0, out, outOffset, originLength);
    return originLength;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static EntryError badEscape(byte[] text, int offset, int length, int line) {
    return new EntryError(
        line, "name '" + Excerpt.of(text, offset, length) + "' has a bad escape (\\X or \\DDD with DDD up to 255)");
  }

  private static EntryError tooLong(byte[] text, int offset, int length, int line) {
    return new EntryError(line, "name '" + Excerpt.of(text, offset, length) + "' is longer than 255 octets");
  }

  /** Length of the wire name starting at {@code name[offset]}. */
  static int length(byte[] name, int offset) {
    int i = offset;
    while (name[i] != 0) {
      i += (name[i] & 0xFF) + 1;
    }
    return i + 1 - offset;
  }
}
