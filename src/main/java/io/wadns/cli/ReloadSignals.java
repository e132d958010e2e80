package io.wadns.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP asks for a reload of the zones, as for most Unix daemons. Without this handler the JVM would
 * treat SIGHUP as a request to exit. The action must only hand the work on: it runs on the JVM's
 * signal thread.
 */
final class ReloadSignals {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  private ReloadSignals() {}

  static void onHangup(Runnable action) {
    try {
      Signal.handle(new Signal("HUP"), signal -> action.run());
    } catch (IllegalArgumentException e) {
      // Windows has no SIGHUP; with -Xrs the JVM keeps it. POST /reload and --watch still work.
      log.warn("SIGHUP cannot be handled here ({}); reload with POST /reload or --watch", e.getMessage());
    }
  }
}
