package io.wadns.protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per second, so a client that can trigger a warning cannot flood the
 * log with it. Lock-free: one compare-and-set per permitted line. Thread-safe.
 */
public final class LogLimiter {
  private static final long PERIOD_NANOS = 1_000_000_000L;
  private final AtomicLong next = new AtomicLong(System.nanoTime());

  /** True when this line may be logged: the first of its second. */
  public boolean permit() {
    long now = System.nanoTime();
    long due = next.get();
    return now - due >= 0 && next.compareAndSet(due, now + PERIOD_NANOS);
  }
}
