package io.wadns.transfer;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A network as operators write it in an access list: {@code 192.0.2.0/24}, {@code 2001:db8::/32},
 * or one address. Immutable.
 *
 * @param network the address with the bits past {@code length} cleared
 */
public record AddressPrefix(InetAddress network, int length) {
  public AddressPrefix {
    int bits = network.getAddress().length * 8;
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException("prefix length " + length + " is outside 0-" + bits);
    }
    network = masked(network, length);
  }

  /** True when {@code address} is in this network; an IPv4 address is never in an IPv6 network. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int full = length / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int rest = length % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (a[full] & mask) == (n[full] & mask);
  }

  private static InetAddress masked(InetAddress address, int length) {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, length - i * 8));
      b[i] &= (byte) (0xFF << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of a valid length was refused", e);
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + length;
  }
}
