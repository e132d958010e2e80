package io.wadns.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the server listens.
 *
 * @param listen addresses served on both UDP and TCP
 * @param threads event-loop threads; on Linux each gets its own UDP socket per address (SO_REUSEPORT)
 * @param tcpIdleTimeout a TCP connection with no traffic for this long is closed (RFC 7766 §6.2.3)
 * @param tcpMaxConnections concurrent TCP connections, over all addresses
 */
public record ServerOptions(List<InetSocketAddress> listen, int threads, Duration tcpIdleTimeout,
    int tcpMaxConnections) {
  public ServerOptions {
    listen = List.copyOf(listen);
    if (listen.isEmpty() || threads < 1 || tcpMaxConnections < 1 || tcpIdleTimeout.isNegative()
        || tcpIdleTimeout.isZero()) {
      throw new IllegalArgumentException("invalid server options");
    }
  }
}
