package io.wadns.health;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the probe budget starts holding probes back and when they run on time again: one line each,
 * never one per probe. Probes count as on time again after {@value #QUIET_SECONDS} s without a probe held
 * back, and the warning comes at most once every {@value #REPEAT_SECONDS} s however often the budget
 * comes and goes (a suppressed warning has no "on time again" either). Used on the probe loop only.
 */
final class LatenessLog {
  static final long QUIET_SECONDS = 10;
  static final long REPEAT_SECONDS = 60;
  private static final long SECOND = 1_000_000_000L;
  private static final Logger log = LoggerFactory.getLogger(LatenessLog.class);

  private final ProbeBudget budget;
  private int addresses;
  private double demand;
  private boolean late;
  private boolean announced;
  private long lateSince;
  private long lastHeld;
  private long worst;
  private long lastWarning;
  private boolean warnedBefore;

  LatenessLog(ProbeBudget budget) {
    this.budget = budget;
  }

  /** The schedule asks for {@code perSecond} probes a second of {@code addresses} addresses. */
  void schedule(int addresses, double perSecond) {
    this.addresses = addresses;
    this.demand = perSecond;
  }

  /** After each dispatch: whether a due probe was held back, and how long past its due time it waits. */
  void observe(long now, boolean heldBack, long delayNanos) {
    if (heldBack) {
      if (!late) {
        late = true;
        lateSince = now;
        worst = 0;
        announced = !warnedBefore || now - lastWarning >= REPEAT_SECONDS * SECOND;
        if (announced) {
          warnedBefore = true;
          lastWarning = now;
          log.warn("health checks are late: the probe budget ({} probes a second, {} at once) holds probes back;"
              + " {} address{} ask for {} probes a second, so each is probed less often than its interval"
              + " (--health-max-probes-per-second, --health-max-in-flight; wadns_health_probe_delay_seconds)",
              budget.perSecond(), budget.maxInFlight(), addresses, addresses == 1 ? "" : "es",
              String.format(Locale.ROOT, "%.0f", demand));
        }
      }
      lastHeld = now;
      worst = Math.max(worst, delayNanos);
    } else if (late && now - lastHeld >= QUIET_SECONDS * SECOND) {
      late = false;
      if (announced) {
        log.info("health checks are on time again, after {} s held back by the probe budget (at worst {} s late)",
            seconds(lastHeld - lateSince), seconds(worst));
      }
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
