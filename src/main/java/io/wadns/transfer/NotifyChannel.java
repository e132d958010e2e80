package io.wadns.transfer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends one NOTIFY and awaits its answer: a seam, so the retries are tested without sockets. */
interface NotifyChannel extends AutoCloseable {
  /**
   * Sends {@code message} to {@code target} without blocking; completes with the first reply that has
   * its ID, with null when none came within {@code timeout}, or exceptionally when it could not be sent.
   */
  CompletableFuture<byte[]> exchange(InetSocketAddress target, byte[] message, Duration timeout);

  @Override
  default void close() {}
}
