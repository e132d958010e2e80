package io.wadns.text;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.xbill.DNS.Address;

/**
 * A CIDR prefix, {@code 192.0.2.0/24} or {@code 2001:db8::/32} (RFC 4632 §3.1, RFC 4291 §2.3): a network
 * address whose host bits are clear and the number of leading bits that count. A bare address is the
 * prefix of that address alone. Used for the probe allow-list and for the transfer access list.
 *
 * @param network the network address; host bits past {@code length} are cleared
 */
public record AddressPrefix(InetAddress network, int length) {
  public AddressPrefix {
    int bits = network.getAddress().length * 8;
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException("prefix length " + length + " is not 0-" + bits);
    }
    network = address(mask(network.getAddress(), length), network instanceof Inet6Address);
  }

  /**
   * Parses {@code text} as an operator writes it; never looks a name up. The message of the exception says
   * what is wrong, quoting at most a short excerpt of the text.
   */
  public static AddressPrefix parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = addressText.indexOf(':') >= 0;
    byte[] bytes = Address.toByteArray(addressText, v6 ? Address.IPv6 : Address.IPv4);
    if (bytes == null) {
      throw new IllegalArgumentException(quote(text) + " is not an address prefix like 192.0.2.0/24 or 2001:db8::/32");
    }
    int bits = bytes.length * 8;
    int length = bits;
    if (slash >= 0) {
      String lengthText = text.substring(slash + 1);
      length = lengthText.matches("[0-9]{1,3}") ? Integer.parseInt(lengthText) : -1;
      if (length < 0 || length > bits) {
        throw new IllegalArgumentException(quote(text) + ": the prefix length of an IPv" + (v6 ? "6" : "4")
            + " address is 0-" + bits);
      }
    }
    byte[] network = mask(bytes, length);
    AddressPrefix prefix = new AddressPrefix(address(network, v6), length);
    if (!Arrays.equals(network, bytes)) {
      throw new IllegalArgumentException(quote(text) + " has host bits set; the prefix is " + prefix);
    }
    return prefix;
  }

  /** Whether {@code address} lies in this prefix; an IPv4 address never lies in an IPv6 prefix. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    return a.length == n.length && Arrays.equals(mask(a, length), n);
  }

  /** Whether every address of this prefix lies in {@code other}. */
  public boolean within(AddressPrefix other) {
    return length >= other.length && other.contains(network);
  }

  @Override
  public String toString() {
    return AddressText.of(network) + "/" + length;
  }

  private static byte[] mask(byte[] bytes, int length) {
    byte[] masked = bytes.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, length - i * 8));
      masked[i] &= (byte) (0xFF00 >> keep);
    }
    return masked;
  }

  /** Keeps the family the operator wrote: {@code ::ffff:0:0/96} stays an IPv6 prefix. */
  private static InetAddress address(byte[] bytes, boolean v6) {
    try {
      return v6 ? Inet6Address.getByAddress(null, bytes, null) : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes", e);
    }
  }

  /** The text in quotes, at most 50 printable characters, for messages. */
  private static String quote(String text) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < text.length() && i < 50; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return sb.append(text.length() > 50 ? "...'" : "'").toString();
  }
}
