package io.wadns.zone;

import io.wadns.health.CheckedAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Every zone wadns serves, as one immutable snapshot. The server holds it in one reference and a
 * reload swaps in a new snapshot, so each query sees one consistent set of zones.
 *
 * <p>It also knows the origins of zones that failed to load and have no older version to serve: wadns
 * is authoritative for them but cannot answer, so their names get SERVFAIL rather than REFUSED, as
 * in Knot and NSD, and a failed child zone is not answered from its parent's delegation.
 */
public final class ZoneSet {
  /** RFC 1035 §3.1: 255 octets hold at most 128 labels, the root included. */
  private static final int MAX_LABELS = 128;

  private final Map<Name, Zone> byOrigin;
  private final Set<Name> failed;
  private final boolean[] originDepths;
  /** In canonical order, sorted when first asked for: queries never need it, and a reload of 10,000 zones
   * would sort 10,000 names only to publish; null until then (a race sorts twice, to the same list). */
  private volatile List<Zone> sorted;

  public ZoneSet(Collection<Zone> zones) {
    this(zones, List.of());
  }

  /** @param failed origins of zones that could not be loaded and have nothing to serve */
  public ZoneSet(Collection<Zone> zones, Collection<Name> failed) {
    Map<Name, Zone> map = new HashMap<>(zones.size() * 4 / 3 + 1);
    boolean[] depths = new boolean[MAX_LABELS + 1];
    for (Zone z : zones) {
      if (map.put(z.origin(), z) != null) {
        throw new IllegalArgumentException("two zones with origin " + z.origin());
      }
      depths[z.origin().labels()] = true;
    }
    for (Name origin : failed) {
      depths[origin.labels()] = true;
    }
    this.byOrigin = Collections.unmodifiableMap(map);
    this.failed = Set.copyOf(failed.stream().filter(o -> !map.containsKey(o)).toList());
    this.originDepths = depths;
  }

  public static ZoneSet empty() {
    return new ZoneSet(List.of());
  }

  /** The zones in canonical order of their origins. */
  public List<Zone> zones() {
    List<Zone> zones = sorted;
    if (zones == null) {
      List<Zone> list = new ArrayList<>(byOrigin.values());
      list.sort(Comparator.comparing(Zone::origin));
      zones = List.copyOf(list);
      sorted = zones;
    }
    return zones;
  }

  /** How many zones are served. */
  public int size() {
    return byOrigin.size();
  }

  /** True when one of these zones (the very instance) is one of {@code other}'s too. */
  public boolean sharesAZoneWith(ZoneSet other) {
    for (Zone z : byOrigin.values()) {
      if (other.holds(z)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code zone} is one of these zones (this very instance). */
  public boolean holds(Zone zone) {
    return byOrigin.get(zone.origin()) == zone;
  }

  /** Origins of zones that failed to load and are answered with SERVFAIL. */
  public Set<Name> failed() {
    return failed;
  }

  /** The health checks of every zone, to publish to the health registry. */
  public List<CheckedAddress> healthChecks() {
    List<CheckedAddress> all = new ArrayList<>();
    for (Zone z : zones()) {
      all.addAll(z.healthChecks());
    }
    return all;
  }

  /**
   * The deepest zone containing {@code name}, or null when we are not authoritative for it or the
   * deepest zone containing it failed to load ({@link #failedOrigin} tells which).
   */
  public Zone find(Name name) {
    return findAbove(name, name.labels());
  }

  /** The origin of the failed zone that is the deepest zone containing {@code name}, or null. */
  public Name failedOrigin(Name name) {
    if (failed.isEmpty()) {
      return null;
    }
    int total = name.labels();
    for (int l = total; l >= 1; l--) {
      if (!originDepths[l]) {
        continue;
      }
      Name origin = l == total ? name : new Name(name, total - l);
      if (byOrigin.containsKey(origin)) {
        return null;
      }
      if (failed.contains(origin)) {
        return origin;
      }
    }
    return null;
  }

  /**
   * The deepest zone containing {@code name} whose origin has fewer than {@code labels} labels:
   * the parent side of a cut, which owns the DS RRset (RFC 4035 §3.1.4.1). Null when that zone
   * failed to load.
   */
  public Zone findAbove(Name name, int labels) {
    int total = name.labels();
    for (int l = Math.min(labels, total); l >= 1; l--) {
      if (!originDepths[l]) {
        continue;
      }
      Name origin = l == total ? name : new Name(name, total - l);
      Zone z = byOrigin.get(origin);
      if (z != null) {
        return z;
      }
      if (!failed.isEmpty() && failed.contains(origin)) {
        return null;
      }
    }
    return null;
  }
}
