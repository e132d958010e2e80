package io.wadns.zonefile;

/**
 * A short, escaped excerpt of text from a zone file, for error messages: zone files are untrusted
 * input, so a message quotes at most {@value #MAX} characters of an offending token, in quotes, with
 * every byte outside printable ASCII written as {@code \DDD} (RFC 1035 §5.1), and never a control
 * byte or a NUL.
 */
final class Excerpt {
  static final int MAX = 40;

  private Excerpt() {}

  /** Longest message built around excerpts; dnsjava's own messages quote tokens whole. */
  static final int MAX_MESSAGE = 200;

  /**
   * A message that may quote zone text (dnsjava's parse errors do): bytes outside printable ASCII
   * escaped, and cut at {@link #MAX_MESSAGE} characters.
   */
  static String sanitize(String message) {
    StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE) + 8);
    for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      if (c >= 0x20 && c < 0x7F || c == '§') {
        sb.append(c);
      } else {
        escape(sb, c);
      }
    }
    if (sb.length() >= MAX_MESSAGE && message.length() > sb.length()) {
      sb.setLength(MAX_MESSAGE);
      sb.append("...");
    }
    return sb.toString();
  }

  /** {@code 'text'}, shortened to {@link #MAX} characters with "..." and escaped. */
  static String of(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 8).append('\'');
    int n = Math.min(text.length(), MAX);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') {
        sb.append(c);
      } else {
        escape(sb, c);
      }
    }
    if (text.length() > MAX) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }

  /** {@code \DDD}, RFC 1035 §5.1; characters past 255 keep their low byte, as a reader sees it. */
  private static void escape(StringBuilder sb, char c) {
    int b = c & 0xFF;
    sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
  }
}
