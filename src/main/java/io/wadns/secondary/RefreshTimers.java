package io.wadns.secondary;

import java.time.Duration;
import org.xbill.DNS.SOARecord;

/**
 * The SOA timers of a secondary zone (RFC 1034 §4.3.5, RFC 1035 §3.3.13): check the primary every
 * REFRESH seconds; after a failed check, try again every RETRY seconds; when no check has succeeded
 * for EXPIRE seconds, stop answering from the zone. The values are clamped as Knot clamps them, so a
 * zone cannot make us poll every second or never.
 */
record RefreshTimers(Duration refresh, Duration retry, Duration expire) {
  static final Duration MIN_REFRESH = Duration.ofSeconds(2);
  static final Duration MAX_REFRESH = Duration.ofDays(1);
  static final Duration MIN_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofDays(1);
  static final Duration MIN_EXPIRE = Duration.ofSeconds(3);
  /** Retries of a zone we have no version of yet: doubling from 1 s up to this. */
  static final Duration MAX_BOOTSTRAP_RETRY = Duration.ofMinutes(5);

  static RefreshTimers of(SOARecord soa) {
    return new RefreshTimers(clamp(soa.getRefresh(), MIN_REFRESH, MAX_REFRESH),
        clamp(soa.getRetry(), MIN_RETRY, MAX_RETRY),
        clamp(soa.getExpire(), MIN_EXPIRE, Duration.ofSeconds(Integer.MAX_VALUE)));
  }

  /** How long to wait after the {@code failures}-th failed try at a zone we hold no version of. */
  static Duration bootstrapRetry(int failures) {
    long seconds = 1L << Math.min(Math.max(failures - 1, 0), 20);
    return seconds >= MAX_BOOTSTRAP_RETRY.toSeconds() ? MAX_BOOTSTRAP_RETRY : Duration.ofSeconds(seconds);
  }

  private static Duration clamp(long seconds, Duration min, Duration max) {
    long s = Math.max(min.toSeconds(), Math.min(max.toSeconds(), seconds & 0xFFFFFFFFL));
    return Duration.ofSeconds(s);
  }
}
