package io.wadns.server;

import java.net.InetSocketAddress;

/**
 * How the operator's HTTP port is served.
 *
 * @param address where to listen
 * @param limits what one connection may take
 */
public record HttpOptions(InetSocketAddress address, HttpLimits limits) {
  /** Listens on {@code address} with the default limits. */
  public static HttpOptions on(InetSocketAddress address) {
    return new HttpOptions(address, HttpLimits.DEFAULTS);
  }

  HttpOptions withLimits(HttpLimits limits) {
    return new HttpOptions(address, limits);
  }
}
