package io.wadns.health;

/**
 * The rate half of the {@link ProbeBudget}: a token bucket that fills at {@code perSecond} and holds a
 * tenth of a second's worth (at least one token). Probes whose random offsets happen to bunch up pass
 * without delay while the schedule fits the budget; once it does not, probes leave one token at a time,
 * evenly spread, never as a burst of thousands of connects. Credit is kept in nanoseconds, so the
 * arithmetic is exact. Not thread-safe: used on the probe loop only.
 */
final class ProbeTokens {
  private static final long SECOND = 1_000_000_000L;

  private final long costNanos;
  private final long capacityNanos;
  private long credit;
  private long last;

  ProbeTokens(int perSecond, long now) {
    this.costNanos = Math.max(1, SECOND / perSecond);
    this.capacityNanos = Math.max(1, perSecond / 10) * costNanos;
    this.credit = capacityNanos;
    this.last = now;
  }

  /** Takes one token if there is one. */
  boolean take(long now) {
    refill(now);
    if (credit < costNanos) {
      return false;
    }
    credit -= costNanos;
    return true;
  }

  /** When the next token will be there (now, when there is one). */
  long nextAt(long now) {
    refill(now);
    return now + Math.max(0, costNanos - credit);
  }

  private void refill(long now) {
    long elapsed = now - last;
    if (elapsed > 0) {
      credit = Math.min(capacityNanos, credit + Math.min(elapsed, capacityNanos));
      last = now;
    }
  }
}
