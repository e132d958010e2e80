package io.wadns.health;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/** The probe loop of the server: one Netty event loop, the same that runs the probes' sockets. */
record NettyProbeLoop(EventLoop loop) implements ProbeLoop {
  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public Timer schedule(Runnable task, long delayNanos) {
    var future = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
