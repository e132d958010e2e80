package io.wadns.server;

import java.time.Duration;

/**
 * What one connection to the HTTP port may hold.
 *
 * @param readTimeout a connection that sends nothing for this long is closed
 * @param maxContentBytes request bodies are refused past this size
 */
public record HttpLimits(Duration readTimeout, int maxContentBytes) {
  public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), 16 * 1024);
}
