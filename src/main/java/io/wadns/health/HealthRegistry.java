package io.wadns.health;

import io.wadns.text.AddressText;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * The health side of the server: one tracker per checked address, and the {@link HealthView} that
 * queries read. Zones name their checked addresses by key ({@link #keys()}); publishing the checks of
 * the served zones creates, keeps or drops trackers, so an address that stays keeps its state across
 * reloads. Every state change of a tracker publishes a new view with one reference write.
 *
 * <p>Threading: {@link #view()} is a volatile read, for any thread. {@link #publish} runs on the reload
 * thread; tracker changes arrive on the probe thread. A tracker's lock is never taken while the view
 * lock is held, so the two cannot deadlock.
 */
public final class HealthRegistry {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("wadns");
  private final Clock clock;
  private final HealthKeys keys = new HealthKeys();
  private final Object viewLock = new Object();
  private volatile HealthView view = HealthView.ALL_UP;
  /** The current tracker of each key; replaced whole, under viewLock. */
  private volatile Map<Integer, AddressHealth> trackers = Map.of();
  /** Up and checked addresses of each group; replaced on publish, counted under viewLock. */
  private Map<Name, GroupCount> groups = Map.of();
  private final GroupHealthLog changeLog = new GroupHealthLog();
  private volatile Consumer<Collection<AddressHealth>> listener = set -> {};
  /** Told of each view just before it is published (under viewLock): signs what the view will serve. */
  private volatile Consumer<HealthView> beforePublish = v -> {};
  /** The checks of each source of zones (the zone files, the secondary zones), in order; guarded by this. */
  private final Map<String, List<CheckedAddress>> sources = new java.util.LinkedHashMap<>();

  public HealthRegistry(Clock clock) {
    this.clock = clock;
  }

  /** The health of every checked address now; read it once per query. */
  public HealthView view() {
    return view;
  }

  /** The keys zones must use for their checked addresses, so that state follows them across loads. */
  public HealthKeys keys() {
    return keys;
  }

  /**
   * Makes {@code checks} the set of probed addresses: trackers of addresses that stay are kept (with
   * the new spec when it changed, state kept), new ones start up, vanished ones are dropped and their
   * keys released. Then the listener (the monitor) gets the new set.
   */
  public void publish(Collection<CheckedAddress> checks) {
    publish("zones", checks);
  }

  /**
   * As {@link #publish(Collection)}, for one source of zones: the probed set is the checks of every
   * source, the zone files' first (so a group and address in both is probed as the zone file says).
   */
  public synchronized void publish(String source, Collection<CheckedAddress> checks) {
    sources.remove(source);
    sources.put(source, List.copyOf(checks));
    List<CheckedAddress> all = new ArrayList<>();
    List<CheckedAddress> zoneFiles = sources.get("zones");
    if (zoneFiles != null) {
      all.addAll(zoneFiles);
    }
    sources.forEach((name, list) -> {
      if (!name.equals("zones")) {
        all.addAll(list);
      }
    });
    publishAll(all);
  }

  private void publishAll(Collection<CheckedAddress> checks) {
    Map<Integer, AddressHealth> old = trackers;
    Map<Integer, AddressHealth> next = new HashMap<>();
    for (CheckedAddress c : checks) {
      if (next.containsKey(c.key())) {
        continue; // the same group and address in two zones: the first declaration is probed
      }
      AddressHealth before = old.get(c.key());
      AddressHealth tracker;
      if (before == null) {
        tracker = new AddressHealth(c, clock, this::recorded);
      } else if (before.checked().equals(c)) {
        tracker = before;
      } else {
        tracker = before.withSpec(c, this::recorded);
      }
      next.put(c.key(), tracker);
    }
    synchronized (viewLock) {
      trackers = Map.copyOf(next);
      HealthView v = HealthView.ALL_UP;
      Map<Name, GroupCount> counts = new HashMap<>();
      for (AddressHealth t : next.values()) {
        v = t.isUp() ? v : v.with(t.key(), false);
        GroupCount g = counts.computeIfAbsent(t.group(), n -> new GroupCount());
        g.size++;
        g.up += t.isUp() ? 1 : 0;
      }
      prepare(v);
      view = v;
      groups = counts;
    }
    keys.retainOnly(next.keySet());
    listener.accept(all());
  }

  /**
   * A tracker recorded a probe result, under its lock. On a change of state: publish a view that says so
   * and log the group's new state, unless a reload replaced the tracker (a publish that already read the
   * new state counted it, so the view is only written when it differs).
   */
  private void recorded(AddressHealth tracker, ProbeResult result, boolean changed) {
    long now = clock.millis();
    if (!changed) {
      changeLog.tick(now);
      return;
    }
    boolean up = tracker.isUp();
    int groupUp;
    int groupSize;
    synchronized (viewLock) {
      if (trackers.get(tracker.key()) != tracker) {
        return;
      }
      GroupCount g = groups.get(tracker.group());
      if (view.isUp(tracker.key()) != up) {
        HealthView next = view.with(tracker.key(), up);
        prepare(next);
        view = next;
        g.up += up ? 1 : -1;
      }
      groupUp = g.up;
      groupSize = g.size;
    }
    changeLog.changed(now, tracker.group(), tracker.address(), up, result.detail(), groupUp, groupSize);
  }

  /**
   * Runs {@code action} with every new view before queries can read it: a signed zone signs the RRsets
   * the view will serve (addresses taken out of a group), so that no query has to (RFC 4035 §2).
   */
  public void beforePublish(Consumer<HealthView> action) {
    this.beforePublish = action;
  }

  private void prepare(HealthView next) {
    try {
      beforePublish.accept(next);
    } catch (RuntimeException e) {
      // The view is published all the same: answers fall back to what was signed with the zone.
      log.warn("preparing signatures for a health change failed: {}", e.toString());
    }
  }

  /** Addresses of one group: how many are checked and how many are up. */
  private static final class GroupCount {
    int size;
    int up;
  }

  public void onChange(Consumer<Collection<AddressHealth>> listener) {
    this.listener = listener;
    listener.accept(all());
  }

  /** Every checked address, sorted by group then address, for reports. */
  public List<AddressHealth> all() {
    List<AddressHealth> list = new ArrayList<>(trackers.values());
    list.sort(Comparator.comparing(AddressHealth::group)
        .thenComparing(a -> AddressText.of(a.address())));
    return list;
  }

  /** The tracker of {@code key}, or null when that key is not checked now. */
  public AddressHealth tracker(int key) {
    return trackers.get(key);
  }
}
