package io.wadns.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT ask for an orderly stop. Handling them ourselves (rather than leaving it to
 * shutdown hooks) lets the server close its sockets, finish in-flight replies and exit with 0.
 */
final class ShutdownSignals {
  private ShutdownSignals() {}

  static void onStop(Runnable action) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> action.run());
      } catch (IllegalArgumentException e) {
        // The platform does not know the signal (or the JVM reserved it): the default applies.
      }
    }
  }
}
