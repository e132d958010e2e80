package io.wadns.health;

import java.time.Duration;

/** Bounded waits: poll a condition until it holds or a deadline passes, and say how long it took. */
final class LoopbackDeadline {
  private static final long POLL_MILLIS = 10;

  private LoopbackDeadline() {}

  /** A condition that may do I/O, such as a DNS query. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} every 10 ms; returns the time until it held, or fails after {@code limit}. */
  static Duration await(Duration limit, String what, Condition condition) throws Exception {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    while (true) {
      if (condition.holds()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
