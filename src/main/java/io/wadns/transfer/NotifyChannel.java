package io.wadns.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Sends one NOTIFY and waits for its answer: a seam, so the retries are tested without sockets. */
interface NotifyChannel {
  /**
   * Sends {@code message} to {@code target} and returns the first reply with its ID, or null when
   * none came within {@code timeout}.
   */
  byte[] exchange(InetSocketAddress target, byte[] message, Duration timeout) throws IOException;
}
