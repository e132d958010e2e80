package io.wadns.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The root appender of the tests (logback-test.xml): keeps the most recent events of this JVM in memory instead
 * of printing them, numbered, so a test can read back what was logged since it started. Thread-safe; the events
 * are shared by every instance, since the configuration makes one per JVM.
 */
public final class LogBuffer extends AppenderBase<ILoggingEvent> {
  /** Enough for the log of any one test; older events are dropped first. */
  static final int CAPACITY = 10_000;

  private static final Deque<ILoggingEvent> recent = new ArrayDeque<>();
  private static long appended;

  @Override
  protected void append(ILoggingEvent event) {
    // Fixes the message, thread name and MDC now: the event is read later, on another thread.
    event.prepareForDeferredProcessing();
    synchronized (recent) {
      if (recent.size() == CAPACITY) {
        recent.removeFirst();
      }
      recent.addLast(event);
      appended++;
    }
  }

  /** How many events were logged so far: the position to pass to {@link #since(long)} later. */
  public static long position() {
    synchronized (recent) {
      return appended;
    }
  }

  /** The events logged after {@code position} that are still held (the oldest go first past the capacity). */
  public static List<ILoggingEvent> since(long position) {
    synchronized (recent) {
      int count = (int) Math.max(0, Math.min(appended - position, recent.size()));
      List<ILoggingEvent> held = new ArrayList<>(recent);
      return List.copyOf(held.subList(held.size() - count, held.size()));
    }
  }
}
