package io.wadns.health;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the probe of every checked address when it is due, within the {@link ProbeBudget}. Each address
 * starts at a random offset within its interval (a thousand addresses are not probed in the same
 * millisecond) and then runs at a fixed rate. All probes wait in one queue ordered by due time; a probe
 * starts when it is due, a token of the rate is there and fewer than the maximum are in flight. When the
 * budget holds probes back they start late, oldest due first, and the next probe of a late address is due
 * one interval after its late start: each address is probed less often than its interval, none is skipped,
 * and a backlog is never made up in a burst.
 *
 * <p>Threading: every method runs on the {@link ProbeLoop}'s thread (the monitor hands work over), so
 * nothing here is locked. Probe results are handed back to the loop before they are counted.
 */
final class ProbeDispatcher {
  /**
   * The loop wakes on this grid: however many addresses there are, the probe thread wakes at most 200 times
   * a second to start probes, a few at a time, and a probe starts up to 5 ms after its due time (nothing
   * next to an interval of 50 ms or more).
   */
  static final long TICK_NANOS = 5_000_000;
  private static final Logger log = LoggerFactory.getLogger(ProbeDispatcher.class);

  /** One address's next probe; {@code order} breaks ties, so equal due times keep their order. */
  private record Due(AddressHealth target, long at, long order) {}

  private final ProbeLoop loop;
  private final Prober prober;
  private final ProbeBudget budget;
  private final RandomGenerator random;
  private final ProbeStats stats;
  private final LatenessLog lateness;
  private final long origin;
  private final ProbeTokens tokens;
  private final PriorityQueue<Due> queue = new PriorityQueue<>(
      Comparator.comparingLong(Due::at).thenComparingLong(Due::order));
  /** The queued probe of each watched address; a queued entry not in here is stale and skipped. */
  private final Map<AddressHealth, Due> next = new IdentityHashMap<>();
  private long order;
  private int inFlight;
  /** Probes due at or before this time were held back by the budget: they start late. */
  private long heldBackUpTo = -1;
  private boolean waitingForSlot;
  private ProbeLoop.Timer wake;
  private long wakeAt = Long.MAX_VALUE;
  private boolean stopped;

  ProbeDispatcher(ProbeLoop loop, Prober prober, ProbeBudget budget, RandomGenerator random, ProbeStats stats) {
    this.loop = loop;
    this.prober = prober;
    this.budget = budget;
    this.random = random;
    this.stats = stats;
    this.lateness = new LatenessLog(budget);
    this.origin = loop.nanoTime();
    this.tokens = new ProbeTokens(budget.perSecond(), 0);
  }

  /** Nanoseconds since this dispatcher was made: never negative, never wraps. */
  private long now() {
    return loop.nanoTime() - origin;
  }

  /** Probes exactly {@code targets} from now on; logs the number of addresses when the set changed. */
  void watch(Collection<AddressHealth> targets) {
    if (stopped) {
      return;
    }
    long now = now();
    Set<AddressHealth> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
    wanted.addAll(targets);
    boolean changed = next.keySet().retainAll(wanted);
    double perSecond = 0;
    for (AddressHealth t : wanted) {
      long interval = t.spec().interval().toNanos();
      perSecond += 1e9 / interval;
      if (!next.containsKey(t)) {
        enqueue(t, now + random.nextLong(interval));
        changed = true;
      }
    }
    if (changed) {
      log.info("health checks: probing {} address{}", next.size(), next.size() == 1 ? "" : "es");
      lateness.schedule(next.size(), perSecond);
    }
    dispatch(now);
  }

  /** Stops probing: nothing more starts; probes in flight finish on their own. */
  void stop() {
    stopped = true;
    next.clear();
    queue.clear();
    if (wake != null) {
      wake.cancel();
      wake = null;
    }
  }

  private void enqueue(AddressHealth target, long at) {
    Due due = new Due(target, at, order++);
    next.put(target, due);
    queue.add(due);
  }

  /** Starts every due probe the budget allows, notes whether one had to wait, and sets the next wake-up. */
  private void dispatch(long now) {
    waitingForSlot = false;
    Due head;
    while ((head = queue.peek()) != null) {
      if (next.get(head.target()) != head) {
        queue.poll();
        continue;
      }
      if (head.at() > now) {
        break;
      }
      if (inFlight >= budget.maxInFlight()) {
        waitingForSlot = true;
        break;
      }
      if (!tokens.take(now)) {
        break;
      }
      queue.poll();
      start(head, now);
    }
    boolean heldBack = head != null && head.at() <= now;
    if (heldBack) {
      heldBackUpTo = now;
    }
    long delay = heldBack ? now - head.at() : 0;
    stats.delay(delay);
    lateness.observe(now, heldBack, delay);
    if (head == null || waitingForSlot) {
      return; // nothing to probe, or a finishing probe dispatches again
    }
    wakeAt(now, heldBack ? Math.max(tokens.nextAt(now), now + TICK_NANOS) : roundUp(head.at()));
  }

  private void start(Due due, long now) {
    AddressHealth target = due.target();
    boolean late = due.at() <= heldBackUpTo;
    long interval = target.spec().interval().toNanos();
    // Fixed rate while on time; after a late start, one interval from that start. Never before this probe's
    // timeout has passed, so two probes of one address never overlap.
    long at = Math.max(late ? now + interval : due.at() + interval, now + target.spec().timeout().toNanos());
    enqueue(target, at);
    inFlight++;
    stats.started(late, inFlight);
    AtomicBoolean reported = new AtomicBoolean();
    Consumer<ProbeResult> done = result -> {
      if (reported.compareAndSet(false, true)) {
        loop.execute(() -> finished(target, result));
      }
    };
    try {
      prober.probe(target, done);
    } catch (RuntimeException | Error e) {
      // reported, so the in-flight count goes down again and the next dispatch is not waited for in vain
      done.accept(ProbeResult.failure("probe error: " + e));
    }
  }

  private void finished(AddressHealth target, ProbeResult result) {
    inFlight--;
    stats.finished(result.ok(), inFlight);
    try {
      target.record(result);
    } finally {
      if (waitingForSlot && !stopped) {
        dispatch(now());
      }
    }
  }

  private void wakeAt(long now, long at) {
    if (wake != null && wakeAt <= at) {
      return;
    }
    if (wake != null) {
      wake.cancel();
    }
    long when = Math.max(at, now + 1);
    wakeAt = when;
    wake = loop.schedule(() -> {
      if (wakeAt == when) {
        wake = null;
        wakeAt = Long.MAX_VALUE;
      }
      if (!stopped) {
        dispatch(now());
      }
    }, when - now);
  }

  private static long roundUp(long t) {
    return (t + TICK_NANOS - 1) / TICK_NANOS * TICK_NANOS;
  }
}
