package io.wadns.zonetext;

/**
 * Quotes a piece of an untrusted zone file in a message: short, and printable.
 *
 * <p>A zone file (or whatever an {@code $INCLUDE} points at) may hold secrets, control bytes or a
 * single 10 MB line; a message shows at most {@link #MAX_CHARS} characters of it, with every byte
 * outside printable ASCII written as a {@code \DDD} escape, the way zone files write them.
 */
final class Excerpt {
  static final int MAX_CHARS = 40;

  private Excerpt() {}

  static String of(byte[] bytes, int offset, int length) {
    return of(bytes, offset, length, MAX_CHARS);
  }

  static String of(byte[] bytes, int offset, int length, int maxChars) {
    return of(bytes, offset, length, maxChars, '\'');
  }

  /**
   * As {@link #of(byte[], int, int, int)}, escaping {@code quote} too (a quote inside a quoted
   * excerpt would end it early); 0 escapes no printable character.
   */
  private static String of(byte[] bytes, int offset, int length, int maxChars, int quote) {
    StringBuilder sb = new StringBuilder(Math.min(length, maxChars) + 8);
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (sb.length() >= maxChars) {
        sb.append("...");
        break;
      }
      int c = bytes[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != quote) {
        sb.append((char) c);
      } else {
        sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10)).append((char) ('0' + c % 10));
      }
    }
    return sb.toString();
  }

  /** A message from elsewhere (an I/O error, dnsjava), bounded and escaped the same way. */
  static String of(String text, int maxChars) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return of(bytes, 0, bytes.length, maxChars);
  }

  /**
   * A whole message from a parser (dnsjava's, or wadns' own record types'): bounded, with bytes
   * outside printable ASCII escaped, its own quotes kept as they are.
   */
  static String message(String text, int maxChars) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return of(bytes, 0, bytes.length, maxChars, 0);
  }
}
