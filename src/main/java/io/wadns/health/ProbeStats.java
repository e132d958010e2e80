package io.wadns.health;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the prober has done and how far behind its schedule it is, for {@code /metrics}. Written on the
 * probe loop, read at scrape time from any thread.
 */
public final class ProbeStats {
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder late = new LongAdder();
  private volatile int inFlight;
  private volatile long delayNanos;

  /** Probes that succeeded. */
  public long successes() {
    return successes.sum();
  }

  /** Probes that failed, timeouts included. */
  public long failures() {
    return failures.sum();
  }

  /** Probes that started late because the budget held them back past their due time. */
  public long late() {
    return late.sum();
  }

  /** Probes started and not finished. */
  public int inFlight() {
    return inFlight;
  }

  /** How long the most overdue probe had waited past its due time when probes were last dispatched; 0 on time. */
  public double delaySeconds() {
    return delayNanos / 1e9;
  }

  void started(boolean wasLate, int nowInFlight) {
    if (wasLate) {
      late.increment();
    }
    inFlight = nowInFlight;
  }

  void finished(boolean ok, int nowInFlight) {
    (ok ? successes : failures).increment();
    inFlight = nowInFlight;
  }

  void delay(long nanos) {
    delayNanos = nanos;
  }
}
