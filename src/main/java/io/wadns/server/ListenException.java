package io.wadns.server;

import io.wadns.text.AddressText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * An address could not be bound: {@code cannot listen on 127.0.0.1:5300 (UDP): Address already in
 * use}. The message names the address, the protocol and the operating system's reason, and nothing
 * else, so the command line can print it as it is.
 */
public final class ListenException extends IOException {
  /** Netty's native errors: {@code bind(..) failed with error(-98): Address already in use}. */
  private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

  ListenException(InetSocketAddress address, String protocol, Throwable cause) {
    super("cannot listen on " + AddressText.of(address) + " (" + protocol + "): " + reason(cause), cause);
  }

  /** The operating system's words: Netty's native errors start with the call that failed. */
  private static String reason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return NATIVE_PREFIX.matcher(message).replaceFirst("");
  }
}
