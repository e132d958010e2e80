package io.wadns.health;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.wadns.transport.NettyTransport;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every checked address on its own schedule, on one event-loop thread of its own. Each
 * address starts at a random offset within its interval, so a thousand addresses are not probed in
 * the same millisecond, and then runs at a fixed rate.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Prober prober;
  private final Map<AddressHealth, ScheduledFuture<?>> schedules = new HashMap<>();

  /** A monitor with its own single probe thread. */
  public HealthMonitor() {
    this(NettyTransport.best().newGroup(1), true);
  }

  private HealthMonitor(EventLoopGroup group, boolean ownsGroup) {
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.prober = new NettyProber(group, NettyTransport.best());
  }

  /**
   * Probes exactly {@code targets} from now on: new ones are scheduled, vanished ones stopped. Logs
   * the number of probed addresses when the set changed, not on every reload.
   */
  public synchronized void watch(Collection<AddressHealth> targets) {
    Map<AddressHealth, Boolean> wanted = new HashMap<>();
    for (AddressHealth t : targets) {
      wanted.put(t, Boolean.TRUE);
    }
    int before = schedules.size();
    schedules.entrySet().removeIf(e -> {
      if (!wanted.containsKey(e.getKey())) {
        e.getValue().cancel(false);
        return true;
      }
      return false;
    });
    boolean changed = schedules.size() != before;
    for (AddressHealth t : targets) {
      if (!schedules.containsKey(t)) {
        changed = true;
        long interval = t.spec().interval().toMillis();
        long jitter = ThreadLocalRandom.current().nextLong(interval);
        schedules.put(t, group.next().scheduleAtFixedRate(() -> probe(t), jitter, interval, TimeUnit.MILLISECONDS));
      }
    }
    if (changed) {
      log.info("health checks: probing {} address{}", schedules.size(), schedules.size() == 1 ? "" : "es");
    }
  }

  private void probe(AddressHealth target) {
    try {
      prober.probe(target, target::record);
    } catch (RuntimeException e) {
      target.record(ProbeResult.failure("probe error: " + e));
    }
  }

  @Override
  public synchronized void close() {
    schedules.values().forEach(f -> f.cancel(false));
    schedules.clear();
    if (ownsGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
