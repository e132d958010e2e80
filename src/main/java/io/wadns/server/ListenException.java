package io.wadns.server;

import io.wadns.text.AddressText;
import io.wadns.text.ErrorText;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * An address could not be bound: {@code cannot listen on 127.0.0.1:5300 (UDP): Address already in
 * use}. The message names the address, the protocol and the operating system's reason, and nothing
 * else, so the command line can print it as it is.
 */
public final class ListenException extends IOException {
  ListenException(InetSocketAddress address, String protocol, Throwable cause) {
    super("cannot listen on " + AddressText.of(address) + " (" + protocol + "): " + ErrorText.of(cause), cause);
  }
}
