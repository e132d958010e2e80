package io.wadns.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the server listens, and what one TCP client may hold (RFC 7766 §6.2).
 *
 * @param listen addresses served on both UDP and TCP
 * @param threads event-loop threads; on Linux each gets its own UDP socket per address (SO_REUSEPORT)
 * @param tcpIdleTimeout a TCP connection that completes no query and takes no reply for this long is
 *     closed (RFC 7766 §6.2.3); a query dribbled in more slowly than this is cut off with it
 * @param tcpMaxConnections concurrent TCP connections, over all addresses; at the cap a new connection
 *     closes the one idle longest to get in
 * @param tcpMaxPerClient concurrent TCP connections from one client (an IPv4 address, an IPv6 /64)
 * @param tcpMaxInFlight replies written on one connection but not yet taken by its socket; past this
 *     the connection's next queries are not read until the client reads its replies
 * @param tcpBusyIdleTimeout the idle timeout while more than half of {@code tcpMaxConnections} are open
 *     (never longer than {@code tcpIdleTimeout})
 * @param udpReadPause how long a busy UDP socket waits after a small batch before reading again, so that
 *     the next read gathers more queries (see {@code UdpReadPause}); zero never waits
 */
public record ServerOptions(List<InetSocketAddress> listen, int threads, Duration tcpIdleTimeout,
    int tcpMaxConnections, int tcpMaxPerClient, int tcpMaxInFlight, Duration tcpBusyIdleTimeout,
    Duration udpReadPause) {
  public static final int DEFAULT_TCP_MAX_PER_CLIENT = 64;
  public static final int DEFAULT_TCP_MAX_IN_FLIGHT = 16;
  /**
   * RFC 7766 §6.2.3 asks for idle timeouts "on the order of seconds" and lets them vary with load: one
   * second is enough for a client to send its next query after an answer, and short enough that slow
   * clients give their places back quickly. NSD gives connections accepted past half its cap 200 ms
   * ({@code server.c}, "very busy, give smaller timeout").
   */
  public static final Duration DEFAULT_TCP_BUSY_IDLE_TIMEOUT = Duration.ofSeconds(1);
  /** Measured best of 200 and 400 µs at 50,000 queries a second (docs/performance.md). */
  public static final Duration DEFAULT_UDP_READ_PAUSE = Duration.ofNanos(200_000);
  public static final Duration MAX_UDP_READ_PAUSE = Duration.ofMillis(1);

  public ServerOptions {
    listen = List.copyOf(listen);
    if (listen.isEmpty() || threads < 1 || tcpMaxConnections < 1 || tcpMaxPerClient < 1 || tcpMaxInFlight < 1
        || !positive(tcpIdleTimeout) || !positive(tcpBusyIdleTimeout) || udpReadPause.isNegative()
        || udpReadPause.compareTo(MAX_UDP_READ_PAUSE) > 0) {
      throw new IllegalArgumentException("invalid server options");
    }
    if (tcpBusyIdleTimeout.compareTo(tcpIdleTimeout) > 0) {
      tcpBusyIdleTimeout = tcpIdleTimeout;
    }
  }

  /** The default UDP read pause. */
  public ServerOptions(List<InetSocketAddress> listen, int threads, Duration tcpIdleTimeout, int tcpMaxConnections,
      int tcpMaxPerClient, int tcpMaxInFlight, Duration tcpBusyIdleTimeout) {
    this(listen, threads, tcpIdleTimeout, tcpMaxConnections, tcpMaxPerClient, tcpMaxInFlight, tcpBusyIdleTimeout,
        DEFAULT_UDP_READ_PAUSE);
  }

  /** The default idle timeout under pressure. */
  public ServerOptions(List<InetSocketAddress> listen, int threads, Duration tcpIdleTimeout, int tcpMaxConnections,
      int tcpMaxPerClient, int tcpMaxInFlight) {
    this(listen, threads, tcpIdleTimeout, tcpMaxConnections, tcpMaxPerClient, tcpMaxInFlight,
        DEFAULT_TCP_BUSY_IDLE_TIMEOUT);
  }

  /** The default per-client and in-flight caps and idle timeout under pressure. */
  public ServerOptions(List<InetSocketAddress> listen, int threads, Duration tcpIdleTimeout, int tcpMaxConnections) {
    this(listen, threads, tcpIdleTimeout, tcpMaxConnections, DEFAULT_TCP_MAX_PER_CLIENT, DEFAULT_TCP_MAX_IN_FLIGHT);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
