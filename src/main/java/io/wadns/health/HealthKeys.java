package io.wadns.health;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Small integer keys for checked addresses, one per (group, address): zones hold these keys, never
 * live health objects, and a {@link HealthView} is indexed by them. The same group and address get
 * the same key across reloads, so their state survives a reload.
 *
 * <p>Keys no served zone uses any more are released by {@link #retainOnly}, and handed out again
 * only after one more release round (the next reload): a query still running on a snapshot older
 * than the current one can then not read another address' health under a recycled key. Thread-safe;
 * used off the query path only (zone loading and publishing).
 */
public final class HealthKeys {
  /** What a key stands for. */
  public record Address(Name group, InetAddress address) {}

  private final Map<Address, Integer> keys = new HashMap<>();
  private final List<Address> byKey = new ArrayList<>();
  /** Released keys that may be handed out now. */
  private final Deque<Integer> free = new ArrayDeque<>();
  /** Keys released in the latest round, reusable after the next one. */
  private List<Integer> cooling = List.of();

  /** The key of {@code address} in {@code group}, made on first use. */
  public synchronized int keyOf(Name group, InetAddress address) {
    Address a = new Address(group.canonicalize(), address);
    Integer key = keys.get(a);
    if (key != null) {
      return key;
    }
    int k;
    if (free.isEmpty()) {
      k = byKey.size();
      byKey.add(a);
    } else {
      k = free.poll();
      byKey.set(k, a);
    }
    keys.put(a, k);
    return k;
  }

  /** What {@code key} stands for, or null when it is not in use. */
  public synchronized Address address(int key) {
    return key >= 0 && key < byKey.size() ? byKey.get(key) : null;
  }

  /** Keys in use now. */
  public synchronized int size() {
    return keys.size();
  }

  /** Releases every key not in {@code live}; see the class comment for when they are reused. */
  synchronized void retainOnly(Collection<Integer> live) {
    Set<Integer> keep = new HashSet<>(live);
    free.addAll(cooling);
    List<Integer> released = new ArrayList<>();
    keys.values().removeIf(k -> {
      if (keep.contains(k)) {
        return false;
      }
      released.add(k);
      return true;
    });
    for (int k : released) {
      byKey.set(k, null);
    }
    cooling = released;
  }
}
