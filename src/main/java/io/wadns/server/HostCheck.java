package io.wadns.server;

import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a request is meant for this port: its Host header must name the address and port the
 * connection came in on, or {@code localhost} and the port when that address is loopback. This is
 * what stops DNS rebinding: a page of {@code attacker.example} that has made its name resolve to
 * 127.0.0.1 reaches a loopback port from the operator's browser, but its requests carry
 * {@code Host: attacker.example}. Names are never resolved; only {@code localhost} is known.
 */
final class HostCheck {
  /** What the Host header says about a request; closed. */
  enum Verdict {
    /** It names this port. */
    SERVED,
    /** HTTP/1.1 without Host, or with several, or one that is not an authority (RFC 9112 §3.2: 400). */
    BAD_REQUEST,
    /** It names another host or port, or none on a port off loopback (RFC 9110 §15.5.20: 421). */
    MISDIRECTED
  }

  private HostCheck() {}

  /**
   * @param local the address and port the connection came in on
   * @param hosts the values of every Host header of the request
   */
  static Verdict check(InetSocketAddress local, HttpVersion version, List<String> hosts) {
    if (hosts.size() > 1) {
      return Verdict.BAD_REQUEST;
    }
    if (hosts.isEmpty()) {
      // RFC 9112 §3.2: HTTP/1.1 requires Host. HTTP/1.0 did not; a browser always sends it, so a
      // request without one is a local tool's, and is served on loopback only.
      if (version.minorVersion() >= 1 || version.majorVersion() > 1) {
        return Verdict.BAD_REQUEST;
      }
      return local.getAddress().isLoopbackAddress() ? Verdict.SERVED : Verdict.MISDIRECTED;
    }
    Authority authority = Authority.parse(hosts.get(0).trim());
    if (authority == null) {
      return Verdict.BAD_REQUEST;
    }
    return authority.names(local) ? Verdict.SERVED : Verdict.MISDIRECTED;
  }

  /** What Host may say on the port {@code local}, for messages: {@code 127.0.0.1:8053 or localhost:8053}. */
  static String expected(InetSocketAddress local) {
    String address = DnsServer.display(local);
    return local.getAddress().isLoopbackAddress() ? address + " or localhost:" + local.getPort() : address;
  }

  /**
   * The host and port of a Host header (RFC 9110 §7.2, RFC 3986 §3.2.2): a name, an IPv4 address or
   * a bracketed IPv6 address, then an optional port; no port means 80, http's default.
   */
  private record Authority(String host, boolean ipv6, int port) {
    static Authority parse(String value) {
      String host;
      String rest;
      boolean ipv6 = value.startsWith("[");
      if (ipv6) {
        int close = value.indexOf(']');
        if (close < 0) {
          return null;
        }
        host = value.substring(1, close);
        rest = value.substring(close + 1);
      } else {
        int colon = value.indexOf(':');
        host = colon < 0 ? value : value.substring(0, colon);
        rest = colon < 0 ? "" : value.substring(colon);
      }
      if (host.isEmpty() || !ipv6 && host.indexOf(':') >= 0) {
        return null;
      }
      int port = 80;
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        String digits = rest.substring(1);
        if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          return null;
        }
        port = digits.isEmpty() ? 80 : Integer.parseInt(digits);
      }
      return port > 65535 ? null : new Authority(host, ipv6, port);
    }

    boolean names(InetSocketAddress local) {
      if (port != local.getPort()) {
        return false;
      }
      InetAddress address = local.getAddress();
      if (!ipv6 && host.equalsIgnoreCase("localhost")) {
        return address.isLoopbackAddress();
      }
      boolean literal = ipv6 ? NetUtil.isValidIpV6Address(host) : NetUtil.isValidIpV4Address(host);
      return literal && Arrays.equals(unmapped(NetUtil.createByteArrayFromIpAddressString(host)),
          unmapped(address.getAddress()));
    }

    /** An IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) as its IPv4 address, so either spelling matches. */
    private static byte[] unmapped(byte[] address) {
      if (address == null || address.length != 16) {
        return address;
      }
      for (int i = 0; i < 10; i++) {
        if (address[i] != 0) {
          return address;
        }
      }
      return address[10] == (byte) 0xff && address[11] == (byte) 0xff ? Arrays.copyOfRange(address, 12, 16) : address;
    }
  }
}
