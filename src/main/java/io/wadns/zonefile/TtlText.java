package io.wadns.zonefile;

/**
 * TTLs as zone files write them: seconds ({@code 3600}) or BIND's units ({@code 1h30m}, {@code 1W},
 * any case). Values up to 2^32-1 are read; RFC 2181 §8 makes those with the top bit set mean zero, so
 * {@link #effective} turns them into 0 (as BIND does, with a warning).
 */
final class TtlText {
  /** RFC 2181 §8: a TTL is an unsigned 32-bit number whose most significant bit must be zero. */
  static final long MAX_TTL = 0x7FFFFFFFL;
  private static final long MAX_UNSIGNED = 0xFFFFFFFFL;

  private TtlText() {}

  /** True when {@code text} is meant as a TTL (it starts with a digit or a sign), right or wrong. */
  static boolean looksLikeTtl(String text) {
    return !text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-' || text.charAt(0) == '+');
  }

  /** The value of {@code text}, up to 2^32-1; an IllegalArgumentException says what is wrong. */
  static long parse(String text) {
    if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
      throw bad(text);
    }
    long total = 0;
    long number = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        number = (number < 0 ? 0 : number) * 10 + (c - '0');
        if (number > MAX_UNSIGNED) {
          throw tooBig(text);
        }
        continue;
      }
      long unit = switch (Character.toLowerCase(c)) {
        case 'w' -> 604_800;
        case 'd' -> 86_400;
        case 'h' -> 3_600;
        case 'm' -> 60;
        case 's' -> 1;
        default -> -1;
      };
      if (unit < 0 || number < 0) {
        throw bad(text);
      }
      total += number * unit;
      number = -1;
      if (total > MAX_UNSIGNED) {
        throw tooBig(text);
      }
    }
    total += Math.max(number, 0);
    if (total > MAX_UNSIGNED) {
      throw tooBig(text);
    }
    return total;
  }

  /** RFC 2181 §8: a TTL with the most significant bit set is treated as zero. */
  static long effective(long ttl) {
    return ttl > MAX_TTL ? 0 : ttl;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("TTL " + Excerpt.of(text) + " is not a number of seconds or a duration"
        + " like 1h30m");
  }

  private static IllegalArgumentException tooBig(String text) {
    return new IllegalArgumentException("TTL " + Excerpt.of(text) + " is out of range: at most 4294967295, and"
        + " values above 2147483647 mean 0 (RFC 2181 §8)");
  }
}
