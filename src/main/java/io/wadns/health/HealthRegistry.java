package io.wadns.health;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * Every checked address, keyed by group and address, so state survives a reload of the zone that
 * declares it. A zone load binds its addresses through a {@link Binder}; publishing the binder
 * makes its set current and tells the monitor what to probe.
 */
public final class HealthRegistry {
  private final Clock clock;
  private volatile Map<Key, AddressHealth> current = Map.of();
  private volatile Consumer<Collection<AddressHealth>> listener = set -> {};

  public HealthRegistry(Clock clock) {
    this.clock = clock;
  }

  record Key(Name group, InetAddress address) {}

  /** Starts binding a new set of checked addresses; existing trackers are reused. */
  public Binder binder() {
    return new Binder(current);
  }

  /** Makes the binder's set current and hands it to the listener (the monitor). */
  public synchronized void publish(Binder binder) {
    current = Map.copyOf(binder.next);
    listener.accept(all());
  }

  public void onChange(Consumer<Collection<AddressHealth>> listener) {
    this.listener = listener;
    listener.accept(all());
  }

  /** Every checked address, sorted by group then address, for reports. */
  public List<AddressHealth> all() {
    List<AddressHealth> list = new ArrayList<>(current.values());
    list.sort((a, b) -> {
      int c = a.group().compareTo(b.group());
      return c != 0 ? c : a.address().getHostAddress().compareTo(b.address().getHostAddress());
    });
    return list;
  }

  /** Collects the checked addresses of one load; confined to the loading thread. */
  public final class Binder {
    private final Map<Key, AddressHealth> previous;
    private final Map<Key, AddressHealth> next = new HashMap<>();

    private Binder(Map<Key, AddressHealth> previous) {
      this.previous = previous;
    }

    /** The tracker for {@code address} of {@code group}, kept from before when it was checked already. */
    public AddressHealth bind(Name group, InetAddress address, CheckSpec spec) {
      Key key = new Key(group.canonicalize(), address);
      AddressHealth bound = next.get(key);
      if (bound != null) {
        return bound;
      }
      AddressHealth old = previous.get(key);
      if (old == null) {
        bound = new AddressHealth(key.group(), address, spec, clock);
      } else if (old.spec().equals(spec)) {
        bound = old;
      } else {
        bound = old.withSpec(spec);
      }
      next.put(key, bound);
      return bound;
    }
  }
}
