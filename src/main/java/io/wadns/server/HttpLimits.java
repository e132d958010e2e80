package io.wadns.server;

import java.time.Duration;

/**
 * What clients of the HTTP port may hold, so that no number of slow or hostile ones takes more than
 * a few dozen file descriptors from DNS over TCP, or more than a bounded amount of memory.
 *
 * @param maxConnections concurrent connections; more are closed at once
 * @param requestDeadline a request (request line, headers and body) must arrive whole within this
 *     time of its first byte, however steadily its bytes come; else the connection is closed
 * @param idleTimeout a connection with no request under way and no answer due is closed after this
 *     long, from the start and between kept-alive requests
 * @param writeTimeout an answer the client does not take within this long closes the connection
 * @param maxRequestLineBytes the request line (method, target, version) at most; past it, 414
 * @param maxHeaderBytes the header fields together at most; past them, 431
 * @param maxBodyBytes a request body at most (no request needs one); past it, 413
 * @param maxPipelined requests read on one connection and not answered yet; past it the connection is
 *     not read until answers go out
 */
public record HttpLimits(int maxConnections, Duration requestDeadline, Duration idleTimeout, Duration writeTimeout,
    int maxRequestLineBytes, int maxHeaderBytes, int maxBodyBytes, int maxPipelined) {
  public static final HttpLimits DEFAULTS = new HttpLimits(64, Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(10), 4096, 8192, 1024, 16);

  public HttpLimits {
    if (maxConnections < 1 || maxRequestLineBytes < 64 || maxHeaderBytes < 64 || maxBodyBytes < 0
        || maxPipelined < 1 || !positive(requestDeadline) || !positive(idleTimeout) || !positive(writeTimeout)) {
      throw new IllegalArgumentException("invalid HTTP limits");
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
