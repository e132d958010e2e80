package io.wadns.server;

import java.time.Duration;

/**
 * What one connection to the HTTP port may hold.
 *
 * @param readTimeout a connection that sends nothing for this long is closed
 * @param maxContentBytes request bodies are refused past this size
 * @param maxPipelined requests read on one connection and not answered yet; past it the connection
 *     is not read until answers go out
 */
public record HttpLimits(Duration readTimeout, int maxContentBytes, int maxPipelined) {
  public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), 16 * 1024, 16);
}
