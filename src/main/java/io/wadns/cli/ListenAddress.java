package io.wadns.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/** Parses {@code HOST:PORT} and {@code [IPV6]:PORT} listen addresses. */
final class ListenAddress implements CommandLine.ITypeConverter<InetSocketAddress> {
  @Override
  public InetSocketAddress convert(String value) {
    return parse(value);
  }

  static InetSocketAddress parse(String value) {
    String host;
    String port;
    if (value.startsWith("[")) {
      int close = value.indexOf("]:");
      if (close < 0) {
        throw bad(value, "an IPv6 address is written [ADDRESS]:PORT");
      }
      host = value.substring(1, close);
      port = value.substring(close + 2);
    } else {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || value.indexOf(':') != colon) {
        throw bad(value, "expected HOST:PORT, or [IPV6]:PORT");
      }
      host = value.substring(0, colon);
      port = value.substring(colon + 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw bad(value, "port '" + port + "' is not a number");
    }
    if (p < 0 || p > 65535) {
      throw bad(value, "port " + p + " is outside 0-65535");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      throw bad(value, "unknown host '" + host + "'");
    }
  }

  private static CommandLine.TypeConversionException bad(String value, String why) {
    return new CommandLine.TypeConversionException("invalid listen address '" + value + "': " + why);
  }
}
