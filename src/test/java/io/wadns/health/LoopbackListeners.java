package io.wadns.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plain TCP endpoints for tcp health checks: one listener per loopback address on a common port,
 * each accepting and at once closing connections. Closing a listener makes probes of its address
 * fail with "connection refused"; reopening binds the same port again (SO_REUSEADDR, so connections
 * in TIME_WAIT do not stand in the way).
 */
final class LoopbackListeners implements AutoCloseable {
  private final int port;
  private final Map<InetAddress, ServerSocket> open = new ConcurrentHashMap<>();

  private LoopbackListeners(int port) {
    this.port = port;
  }

  static LoopbackListeners open(List<InetAddress> addresses, int port) {
    LoopbackListeners listeners = new LoopbackListeners(port);
    addresses.forEach(listeners::reopen);
    return listeners;
  }

  int port() {
    return port;
  }

  void close(InetAddress address) {
    ServerSocket s = open.remove(address);
    if (s != null) {
      LoopbackPorts.closeQuietly(s);
    }
  }

  void reopen(InetAddress address) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(address, port), 64);
      if (open.putIfAbsent(address, s) != null) {
        s.close();
        throw new IllegalStateException(address + ":" + port + " is open already");
      }
      Thread t = new Thread(() -> acceptAndClose(s), "tcp-listener-" + address.getHostAddress());
      t.setDaemon(true);
      t.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port, e);
    }
  }

  private static void acceptAndClose(ServerSocket s) {
    while (!s.isClosed()) {
      try (Socket accepted = s.accept()) {
        // a tcp check succeeds on connect; nothing to say
      } catch (IOException e) {
        // closed by close(address), or a probe reset the connection; the loop condition decides
      }
    }
  }

  @Override
  public void close() {
    List.copyOf(open.keySet()).forEach(this::close);
  }
}
