package io.wadns.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per minute, so that what a client can cause (a wrong token, a request
 * that hits a bug) cannot flood the log. Lock-free.
 */
final class OncePerMinute {
  private static final long PERIOD_NANOS = 60_000_000_000L;
  private final AtomicLong next = new AtomicLong(System.nanoTime());

  boolean permit() {
    long now = System.nanoTime();
    long due = next.get();
    return now - due >= 0 && next.compareAndSet(due, now + PERIOD_NANOS);
  }
}
