package io.wadns.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tiny HTTP servers for http health checks, one per loopback address on a common port. {@code GET
 * /healthz} answers the current status of all of them (200 until {@link #answer(int)} says otherwise);
 * other paths are 404.
 */
final class LoopbackHttpServers implements AutoCloseable {
  private final int port;
  private final List<HttpServer> servers = new ArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger requests = new AtomicInteger();

  private LoopbackHttpServers(int port) {
    this.port = port;
  }

  static LoopbackHttpServers start(List<InetAddress> addresses, int port) {
    LoopbackHttpServers s = new LoopbackHttpServers(port);
    try {
      for (InetAddress a : addresses) {
        HttpServer server = HttpServer.create(new InetSocketAddress(a, port), 64);
        server.createContext("/", exchange -> {
          try {
            exchange.getRequestBody().readAllBytes();
            s.requests.incrementAndGet();
            int code = exchange.getRequestURI().getPath().equals("/healthz") ? s.status.get() : 404;
            exchange.sendResponseHeaders(code, -1);
          } finally {
            exchange.close();
          }
        });
        server.start();
        s.servers.add(server);
      }
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot start HTTP servers on port " + port, e);
    }
    return s;
  }

  int port() {
    return port;
  }

  /** From now on /healthz answers {@code code}. */
  void answer(int code) {
    status.set(code);
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    servers.clear();
  }
}
