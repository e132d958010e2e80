package io.wadns.metrics;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the failures of one metric's collector: the first at once, then at most one line a
 * minute with how many were not reported, so a metric that fails on every scrape (every 15 s with
 * Prometheus' usual interval) does not fill the log. Thread-safe: scrapes may overlap.
 */
final class ScrapeFailureLog {
  private static final Logger log = LoggerFactory.getLogger(ScrapeFailureLog.class);
  static final long PERIOD_NANOS = 60_000_000_000L;

  private final String metric;
  private final LongSupplier nanoTime;
  private long nextReport;
  private boolean reported;
  private long unreported;

  ScrapeFailureLog(String metric, LongSupplier nanoTime) {
    this.metric = metric;
    this.nanoTime = nanoTime;
  }

  synchronized void failed(RuntimeException e) {
    long now = nanoTime.getAsLong();
    if (reported && now - nextReport < 0) {
      unreported++;
      return;
    }
    String since = unreported == 0 ? "" : " (and " + unreported + " times since the last report)";
    log.warn("metric {} left out of the scrape, the others are served: {}{}", metric, e.toString(), since, e);
    reported = true;
    unreported = 0;
    nextReport = now + PERIOD_NANOS;
  }
}
