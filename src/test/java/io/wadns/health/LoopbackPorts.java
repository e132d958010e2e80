package io.wadns.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback addresses 127.0.0.1-127.0.0.8 (all of 127/8 reaches {@code lo} on Linux) and TCP ports free
 * on several of them at once, since a HEALTHCHECK probes one port on every address of its name.
 */
final class LoopbackPorts {
  private static final int ATTEMPTS = 20;

  private LoopbackPorts() {}

  /** 127.0.0.{first} .. 127.0.0.{last}, in order. */
  static List<InetAddress> range(int first, int last) {
    List<InetAddress> list = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      list.add(address(i));
    }
    return list;
  }

  static InetAddress address(int lastOctet) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A TCP port free on every one of {@code addresses} at the time of the call: the kernel picks one on
   * the first address, and it is kept if the others can bind it too. The sockets are closed again.
   */
  static int commonFreePort(List<InetAddress> addresses) {
    IOException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<ServerSocket> held = new ArrayList<>();
      try {
        ServerSocket first = new ServerSocket();
        held.add(first);
        first.bind(new InetSocketAddress(addresses.get(0), 0));
        int port = first.getLocalPort();
        for (InetAddress a : addresses.subList(1, addresses.size())) {
          ServerSocket s = new ServerSocket();
          held.add(s);
          s.bind(new InetSocketAddress(a, port));
        }
        return port;
      } catch (IOException e) {
        last = e;
      } finally {
        held.forEach(LoopbackPorts::closeQuietly);
      }
    }
    throw new IllegalStateException("no TCP port free on all of " + addresses + " after " + ATTEMPTS
        + " attempts", last);
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing test fixtures; nothing to do
    }
  }
}
