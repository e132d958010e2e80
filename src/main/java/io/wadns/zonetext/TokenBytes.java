package io.wadns.zonetext;

import java.util.Arrays;

/**
 * The bytes of the token being read: one reusable array that grows to at most {@link #MAX} + 1
 * bytes. Past that only {@link #length} goes on recording that the token was too long, so a
 * 10 MB line costs no more memory than a short one.
 */
final class TokenBytes {
  /**
   * Longest token kept: enough for 64 KiB of RDATA written as one base64 or hex word, and for
   * the longest escaped character string (255 × {@code \DDD}).
   */
  static final int MAX = 1 << 18;

  byte[] bytes = new byte[256];
  int length;

  void clear() {
    length = 0;
  }

  boolean tooLong() {
    return length > MAX;
  }

  void add(byte b) {
    if (length == bytes.length) {
      if (bytes.length > MAX) {
        return;
      }
      bytes = Arrays.copyOf(bytes, Math.min(bytes.length * 2, MAX + 1));
    }
    bytes[length++] = b;
  }

  void add(byte[] source, int from, int count) {
    int room = MAX + 1 - length;
    if (room <= 0) {
      return;
    }
    int kept = Math.min(count, room);
    if (length + kept > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(Math.max(bytes.length * 2, length + kept), MAX + 1));
    }
    System.arraycopy(source, from, bytes, length, kept);
    length += kept;
  }
}
