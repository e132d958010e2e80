package io.wadns.text;

/**
 * Text from outside (a peer's bytes, an exception's words, a path) made safe for a log line, an
 * error message or {@code /metrics}: cut short, and every character outside printable ASCII written
 * as {@code \DDD} (RFC 1035 §5.1), so no CR, LF, ESC or NUL can forge or hide a line. Stateless.
 */
public final class SafeText {
  /** The longest text kept. */
  public static final int MAX_LENGTH = 200;

  private SafeText() {}

  /** {@code text} with characters outside printable ASCII escaped, cut at {@link #MAX_LENGTH}; "null" for null. */
  public static String of(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
    for (int i = 0; i < text.length() && sb.length() < MAX_LENGTH; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F || c == '§') {
        sb.append(c);
      } else {
        int b = c & 0xFF;
        sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
      }
    }
    if (sb.length() >= MAX_LENGTH && text.length() > sb.length()) {
      sb.setLength(MAX_LENGTH);
      sb.append("...");
    }
    return sb.toString();
  }
}
