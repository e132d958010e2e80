package io.wadns.health;

/**
 * The one thread probes are started and finished on, with its clock and timers: a Netty event loop in the
 * server ({@link NettyProbeLoop}), a loop the test moves by hand in tests, so a schedule of ten thousand
 * addresses is checked to the nanosecond without a socket or a sleep. Tasks run one at a time, in order.
 */
interface ProbeLoop {
  /** Now, in nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanoTime();

  /** Runs {@code task} on the loop's thread, after the task running now. */
  void execute(Runnable task);

  /** Runs {@code task} on the loop's thread once {@code delayNanos} have passed. */
  Timer schedule(Runnable task, long delayNanos);

  /** A task scheduled for later. */
  interface Timer {
    /** Best effort: a timer cancelled as it fires may still run. */
    void cancel();
  }
}
