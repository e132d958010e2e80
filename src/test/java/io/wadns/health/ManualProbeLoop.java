package io.wadns.health;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A probe loop whose clock moves only when the test says so: {@link #advance} runs every task due until
 * then, in time order, each at its own time. No thread, no sleep: a minute of probing ten thousand
 * addresses runs in well under a second, and the same way on any machine.
 */
final class ManualProbeLoop implements ProbeLoop {
  private record Task(long at, long order, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> tasks = new PriorityQueue<>(
      Comparator.comparingLong(Task::at).thenComparingLong(Task::order));
  private long now = 1_000_000_000_000L; // an arbitrary origin, as System.nanoTime's is
  private long order;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(new Task(now, order++, task, new boolean[1]));
  }

  @Override
  public Timer schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = new boolean[1];
    tasks.add(new Task(now + Math.max(0, delayNanos), order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Runs every task due within {@code d}, each at its time, then sets the clock to the end of {@code d}. */
  void advance(Duration d) {
    long end = now + d.toNanos();
    Task t;
    while ((t = tasks.peek()) != null && t.at() <= end) {
      tasks.poll();
      now = t.at();
      if (!t.cancelled()[0]) {
        t.run().run();
      }
    }
    now = end;
  }

  /** Runs the tasks due now. */
  void runPending() {
    advance(Duration.ZERO);
  }

  /** Timers and tasks not run yet, cancelled ones aside. */
  long pending() {
    return tasks.stream().filter(t -> !t.cancelled()[0]).count();
  }
}
