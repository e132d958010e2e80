package io.wadns.zonetext;

/**
 * Reads a TTL, or a TTL-like SOA timer: seconds ({@code 3600}) or a duration in BIND's units
 * ({@code 1h30m}, {@code 1W}; w, d, h, m, s in either case).
 */
final class TtlText {
  static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;
  /** RFC 2181 §8: a TTL has its top bit clear; BIND reads larger ones as zero. */
  static final long MAX_TTL = 0x7FFF_FFFFL;

  private TtlText() {}

  /** True when the token could only be meant as a TTL (it is not a class or type mnemonic). */
  static boolean looksLikeTtl(byte[] text, int length) {
    int c = text[0];
    return c >= '0' && c <= '9' || c == '-' || c == '+';
  }

  /**
   * Parses {@code text[0, length)} as an unsigned 32-bit count of seconds.
   *
   * @param what what the value is, for the message ("TTL", "SOA refresh")
   * @throws EntryError if it is not a duration, or does not fit in 32 bits
   */
  static long parse(byte[] text, int length, String what, int line) throws EntryError {
    long total = 0;
    long number = -1;
    boolean sawUnit = false;
    for (int i = 0; i < length; i++) {
      int c = text[i];
      if (c >= '0' && c <= '9') {
        number = (number < 0 ? 0 : number) * 10 + (c - '0');
        if (number > MAX_UNSIGNED_32) {
          throw tooLarge(text, length, what, line);
        }
        continue;
      }
      long unit = unitSeconds(c);
      if (unit == 0 || number < 0) {
        throw notDuration(text, length, what, line);
      }
      total += number * unit;
      if (total > MAX_UNSIGNED_32) {
        throw tooLarge(text, length, what, line);
      }
      number = -1;
      sawUnit = true;
    }
    if (number >= 0) {
      if (sawUnit) {
        throw notDuration(text, length, what, line); // "1h30": thirty what?
      }
      return number;
    }
    if (!sawUnit) {
      throw notDuration(text, length, what, line);
    }
    return total;
  }

  private static long unitSeconds(int c) {
    switch (c | 0x20) {
      case 'w':
        return 7 * 86400L;
      case 'd':
        return 86400L;
      case 'h':
        return 3600L;
      case 'm':
        return 60L;
      case 's':
        return 1L;
      default:
        return 0L;
    }
  }

  private static EntryError notDuration(byte[] text, int length, String what, int line) {
    return new EntryError(
        line, what + " '" + Excerpt.of(text, 0, length) + "' is not a number of seconds or a duration like 1h30m");
  }

  private static EntryError tooLarge(byte[] text, int length, String what, int line) {
    return new EntryError(line, what + " '" + Excerpt.of(text, 0, length) + "' is larger than 4294967295 seconds");
  }
}
