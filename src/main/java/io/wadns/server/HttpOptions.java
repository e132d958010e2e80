package io.wadns.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How the operator's HTTP port is served.
 *
 * @param address where to listen
 * @param token the bearer token {@code POST /reload} requires; null for none, and then only a port on
 *     loopback serves it (see {@link ReloadAccess})
 * @param limits what clients may hold
 */
public record HttpOptions(InetSocketAddress address, HttpToken token, HttpLimits limits) {
  /** Listens on {@code address} with no token and the default limits. */
  public static HttpOptions on(InetSocketAddress address) {
    return new HttpOptions(address, null, HttpLimits.DEFAULTS);
  }

  /**
   * With the token read from {@code file} now, once; unchanged when {@code file} is null.
   *
   * @throws HttpTokenFileException when the file is missing, unreadable, readable or writable by group
   *     or others, empty, or not one token
   */
  public HttpOptions withTokenFile(Path file) throws HttpTokenFileException {
    return file == null ? this : withToken(HttpToken.read(file));
  }

  HttpOptions withToken(HttpToken token) {
    return new HttpOptions(address, token, limits);
  }

  HttpOptions withLimits(HttpLimits limits) {
    return new HttpOptions(address, token, limits);
  }
}
