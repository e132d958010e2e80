package io.wadns.health;

import io.netty.channel.EventLoopGroup;
import io.wadns.transport.NettyTransport;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Probes every checked address on its own schedule, within a {@link ProbeBudget}, on one event-loop
 * thread of its own: the {@link ProbeDispatcher} decides when each probe starts, the {@link NettyProber}
 * runs it. Thread-safe: {@link #watch} may be called from any thread and hands the new set to the loop.
 */
public final class HealthMonitor implements AutoCloseable {
  private final EventLoopGroup ownGroup;
  private final ProbeLoop loop;
  private final ProbeDispatcher dispatcher;
  private final ProbeStats stats = new ProbeStats();

  /** A monitor with its own single probe thread and the default budget. */
  public HealthMonitor() {
    this(ProbeBudget.DEFAULT);
  }

  /** A monitor with its own single probe thread. */
  public HealthMonitor(ProbeBudget budget) {
    this(NettyTransport.best().newGroup(1), budget);
  }

  private HealthMonitor(EventLoopGroup group, ProbeBudget budget) {
    this(group, new NettyProbeLoop(group.next()), new NettyProber(group, NettyTransport.best()), budget,
        new SplittableRandom());
  }

  /** A monitor on {@code loop} (tests drive it by hand); {@code ownGroup}, if any, is shut down on close. */
  HealthMonitor(EventLoopGroup ownGroup, ProbeLoop loop, Prober prober, ProbeBudget budget, RandomGenerator random) {
    this.ownGroup = ownGroup;
    this.loop = loop;
    this.dispatcher = new ProbeDispatcher(loop, prober, budget, random, stats);
  }

  /** Probes exactly {@code targets} from now on: new ones are scheduled, vanished ones stopped. */
  public void watch(Collection<AddressHealth> targets) {
    List<AddressHealth> copy = List.copyOf(targets);
    loop.execute(() -> dispatcher.watch(copy));
  }

  /** Counters and gauges of the probes, for {@code /metrics}. */
  public ProbeStats stats() {
    return stats;
  }

  @Override
  public void close() {
    try {
      loop.execute(dispatcher::stop);
    } catch (RejectedExecutionException e) {
      // closed before: the loop is gone, and nothing starts on it
    }
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
