package io.wadns.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP asks for a reload of the zones, as for most Unix daemons. Without this handler the JVM would
 * treat SIGHUP as a request to exit. The action must only hand the work on: it runs on the JVM's
 * signal thread.
 *
 * <p>A process started under {@code nohup} (or by any parent that set SIGHUP to SIG_IGN) inherits the
 * ignored signal, and HotSpot then declines to handle it at all ({@code JVM_RegisterSignal} in
 * {@code signals_posix.cpp} returns "ignored" for the shutdown signals when they were ignored at start,
 * without installing anything; asking for SIG_DFL first is declined the same way). Java has no other
 * way to change a signal's disposition, so {@code kill -HUP} does nothing there: we say so at start,
 * with the reload triggers that still work.
 */
final class ReloadSignals {
  private static final Logger log = LoggerFactory.getLogger("wadns");
  static final String IGNORED = "SIGHUP is ignored by this process (started under nohup?), and the JVM will not"
      + " handle it: kill -HUP does nothing. Reload with POST /reload (--http) or --watch, or start wadns"
      + " without nohup (under systemd, or with setsid to outlive the terminal)";

  private ReloadSignals() {}

  static void onHangup(Runnable action) {
    try {
      SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> action.run());
      if (previous == SignalHandler.SIG_IGN) {
        log.warn(IGNORED);
      }
    } catch (IllegalArgumentException e) {
      // Windows has no SIGHUP; with -Xrs the JVM keeps it. POST /reload and --watch still work.
      log.warn("SIGHUP cannot be handled here ({}); reload with POST /reload or --watch", e.getMessage());
    }
  }
}
