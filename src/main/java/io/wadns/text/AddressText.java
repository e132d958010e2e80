package io.wadns.text;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Addresses as operators write them: IPv6 in the short form of RFC 5952 ({@code ::1}, not
 * {@code 0:0:0:0:0:0:0:1}), the same in logs, {@code /health}, metric labels and error messages.
 */
public final class AddressText {
  private AddressText() {}

  /** {@code 192.0.2.1} or {@code 2001:db8::1} (RFC 5952 §4). */
  public static String of(InetAddress address) {
    return NetUtil.toAddressString(address);
  }

  /** {@code 127.0.0.1:5300} or {@code [::1]:5300} (RFC 5952 §6). */
  public static String of(InetSocketAddress socket) {
    String host = socket.getAddress() == null ? socket.getHostString() : of(socket.getAddress());
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + socket.getPort();
  }
}
