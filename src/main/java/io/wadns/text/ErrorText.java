package io.wadns.text;

import java.util.regex.Pattern;

/**
 * Why an I/O operation failed, in the operating system's words: the root cause's message, without
 * the system call that Netty's native transport puts in front ({@code finishConnect(..) failed with
 * error(-111): Connection refused} reads {@code Connection refused}), so logs, {@code /health} and
 * error messages say the same thing on every transport.
 */
public final class ErrorText {
  private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

  private ErrorText() {}

  public static String of(Throwable t) {
    if (t == null) {
      return "unknown";
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : NATIVE_PREFIX.matcher(message).replaceFirst("");
  }
}
