package io.wadns.zonetext;

/** Decodes the {@code \X} and {@code \DDD} escapes of RFC 1035 §5.1 in a character string. */
final class Escapes {
  private Escapes() {}

  /**
   * Appends the octets that {@code text[0, length)} stands for to {@code out}.
   *
   * @return how many octets were appended
   * @throws EntryError on {@code \} at the end, or a {@code \DDD} that is not three digits up to 255
   */
  static int decodeInto(byte[] text, int length, WireBuffer out, int line) throws EntryError {
    int start = out.length;
    int at = out.reserve(length); // decoding never grows the text
    int w = at;
    byte[] data = out.data;
    for (int i = 0; i < length; i++) {
      byte c = text[i];
      if (c != '\\') {
        data[w++] = c;
        continue;
      }
      if (i + 1 >= length) {
        throw bad(text, length, line);
      }
      int d = text[i + 1];
      if (d >= '0' && d <= '9') {
        if (i + 3 >= length) {
          throw bad(text, length, line);
        }
        int d2 = text[i + 2] - '0';
        int d3 = text[i + 3] - '0';
        if (d2 < 0 || d2 > 9 || d3 < 0 || d3 > 9) {
          throw bad(text, length, line);
        }
        int value = (d - '0') * 100 + d2 * 10 + d3;
        if (value > 255) {
          throw bad(text, length, line);
        }
        data[w++] = (byte) value;
        i += 3;
      } else {
        data[w++] = (byte) d;
        i += 1;
      }
    }
    out.length = w;
    return w - start;
  }

  private static EntryError bad(byte[] text, int length, int line) {
    return new EntryError(
        line, "'" + Excerpt.of(text, 0, length) + "' has a bad escape (\\X, or \\DDD with DDD up to 255)");
  }
}
