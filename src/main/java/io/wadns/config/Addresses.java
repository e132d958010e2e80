package io.wadns.config;

import io.wadns.text.AddressPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Addresses as the configuration file writes them: {@code 192.0.2.1:53}, {@code [2001:db8::1]:53},
 * {@code localhost:5300}, and prefixes {@code 192.0.2.0/24}. Only literals (and {@code localhost})
 * are taken: a name server that looked names up while starting could hang on its own answers.
 */
final class Addresses {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private Addresses() {}

  /**
   * {@code HOST:PORT} or {@code [IPV6]:PORT}; when {@code defaultPort} is not negative the port may
   * be left out ({@code 192.0.2.1}, {@code 2001:db8::1}).
   */
  static InetSocketAddress socket(String value, int defaultPort) {
    String host;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0 || close + 1 < value.length() && value.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("an IPv6 address is written [ADDRESS]:PORT");
      }
      host = value.substring(1, close);
      port = close + 1 < value.length() ? value.substring(close + 2) : null;
    } else if (value.indexOf(':') != value.lastIndexOf(':')) {
      if (defaultPort < 0) {
        throw new IllegalArgumentException("expected HOST:PORT, or [IPV6]:PORT");
      }
      host = value; // a bare IPv6 address
    } else {
      int colon = value.indexOf(':');
      host = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
    }
    int p;
    if (port == null) {
      if (defaultPort < 0) {
        throw new IllegalArgumentException("expected HOST:PORT, or [IPV6]:PORT");
      }
      p = defaultPort;
    } else {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port " + YamlNode.quote(port) + " is not a number");
      }
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port " + p + " is outside 0-65535");
      }
    }
    return new InetSocketAddress(literal(host), p);
  }

  /** {@code ADDRESS/LENGTH}, or one address. */
  static AddressPrefix prefix(String value) {
    int slash = value.indexOf('/');
    InetAddress address = literal(slash < 0 ? value : value.substring(0, slash));
    int bits = address.getAddress().length * 8;
    int length = bits;
    if (slash >= 0) {
      try {
        length = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("prefix length " + YamlNode.quote(value.substring(slash + 1))
            + " is not a number");
      }
    }
    return new AddressPrefix(address, length);
  }

  /** An IPv4 or IPv6 literal, or {@code localhost} (127.0.0.1); never a lookup. */
  static InetAddress literal(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    boolean v4 = IPV4.matcher(host).matches();
    boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException(YamlNode.quote(host) + " is not an IP address (names are not looked up)");
    }
    try {
      return InetAddress.getByName(host); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(YamlNode.quote(host) + " is not an IP address");
    }
  }
}
