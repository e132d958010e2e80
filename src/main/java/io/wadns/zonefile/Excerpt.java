package io.wadns.zonefile;

/**
 * Messages that may carry text from outside (an exception's words, a path): zone files are untrusted
 * input, so such a message is cut short and every byte outside printable ASCII is written as {@code
 * \DDD} (RFC 1035 §5.1): never a control byte or a NUL reaches a log, {@code POST /reload} or
 * {@code /metrics}.
 */
final class Excerpt {
  /** The longest message kept. */
  static final int MAX_MESSAGE = io.wadns.text.SafeText.MAX_LENGTH;

  private Excerpt() {}

  /** {@code message} with bytes outside printable ASCII escaped, cut at {@link #MAX_MESSAGE} characters. */
  static String sanitize(String message) {
    return io.wadns.text.SafeText.of(message);
  }
}
