package io.wadns.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Endpoints that accept TCP connections and never send a byte: every HTTP probe of them hangs until
 * its timeout. One selector thread serves all addresses; it reads and discards what probes send and
 * closes a connection once the prober has closed it, so sockets do not pile up over a long run.
 */
final class LoopbackSilentServers implements AutoCloseable {
  private final Selector selector;
  private final Thread thread;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();
  private volatile boolean running = true;

  private LoopbackSilentServers(Selector selector) {
    this.selector = selector;
    this.thread = new Thread(this::run, "silent-servers");
    this.thread.setDaemon(true);
  }

  static LoopbackSilentServers start(List<InetAddress> addresses, int port) {
    try {
      LoopbackSilentServers s = new LoopbackSilentServers(Selector.open());
      for (InetAddress a : addresses) {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(a, port), 256);
        server.configureBlocking(false);
        server.register(s.selector, SelectionKey.OP_ACCEPT);
      }
      s.thread.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Connections open right now: probes waiting for an answer that never comes. */
  int connected() {
    return connected.get();
  }

  private void run() {
    ByteBuffer sink = ByteBuffer.allocate(4096);
    while (running) {
      try {
        selector.select(100);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            SocketChannel c = ((ServerSocketChannel) key.channel()).accept();
            if (c != null) {
              c.configureBlocking(false);
              c.register(selector, SelectionKey.OP_READ);
              accepted.incrementAndGet();
              connected.incrementAndGet();
            }
          } else if (key.isReadable()) {
            drain((SocketChannel) key.channel(), key, sink);
          }
        }
      } catch (IOException e) {
        // a failed accept or select; keep serving
      }
    }
  }

  private void drain(SocketChannel c, SelectionKey key, ByteBuffer sink) {
    int read;
    try {
      sink.clear();
      read = c.read(sink);
    } catch (IOException reset) {
      read = -1;
    }
    if (read < 0) {
      key.cancel();
      LoopbackPorts.closeQuietly(c);
      connected.decrementAndGet();
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      LoopbackPorts.closeQuietly(key.channel());
    }
    LoopbackPorts.closeQuietly(selector);
  }
}
