package io.wadns.zonefile;

/**
 * Messages that may carry text from outside (an exception's words, a path): zone files are untrusted
 * input, so such a message is cut short and every byte outside printable ASCII is written as {@code
 * \DDD} (RFC 1035 §5.1): never a control byte or a NUL reaches a log, {@code POST /reload} or
 * {@code /metrics}.
 */
final class Excerpt {
  /** The longest message kept. */
  static final int MAX_MESSAGE = 200;

  private Excerpt() {}

  /** {@code message} with bytes outside printable ASCII escaped, cut at {@link #MAX_MESSAGE} characters. */
  static String sanitize(String message) {
    StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE) + 8);
    for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      if (c >= 0x20 && c < 0x7F || c == '§') {
        sb.append(c);
      } else {
        int b = c & 0xFF;
        sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
      }
    }
    if (sb.length() >= MAX_MESSAGE && message.length() > sb.length()) {
      sb.setLength(MAX_MESSAGE);
      sb.append("...");
    }
    return sb.toString();
  }
}
