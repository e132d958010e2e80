package io.wadns.zone;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Every zone wadns serves, as one immutable snapshot. The server holds it in one reference and a
 * reload swaps in a new snapshot, so each query sees one consistent set of zones.
 */
public final class ZoneSet {
  /** RFC 1035 §3.1: 255 octets hold at most 128 labels, the root included. */
  private static final int MAX_LABELS = 128;

  private final Map<Name, Zone> byOrigin;
  private final boolean[] originDepths;
  private final List<Zone> zones;

  public ZoneSet(Collection<Zone> zones) {
    Map<Name, Zone> map = new HashMap<>();
    boolean[] depths = new boolean[MAX_LABELS + 1];
    for (Zone z : zones) {
      if (map.put(z.origin(), z) != null) {
        throw new IllegalArgumentException("two zones with origin " + z.origin());
      }
      depths[z.origin().labels()] = true;
    }
    this.byOrigin = Map.copyOf(map);
    this.originDepths = depths;
    List<Zone> sorted = new ArrayList<>(zones);
    sorted.sort(Comparator.comparing(Zone::origin));
    this.zones = List.copyOf(sorted);
  }

  public static ZoneSet empty() {
    return new ZoneSet(List.of());
  }

  /** The zones in canonical order of their origins. */
  public List<Zone> zones() {
    return zones;
  }

  /** The deepest zone containing {@code name}, or null when we are not authoritative for it. */
  public Zone find(Name name) {
    return findAbove(name, name.labels());
  }

  /**
   * The deepest zone containing {@code name} whose origin has fewer than {@code labels} labels:
   * the parent side of a cut, which owns the DS RRset (RFC 4035 §3.1.4.1).
   */
  public Zone findAbove(Name name, int labels) {
    int total = name.labels();
    for (int l = Math.min(labels, total); l >= 1; l--) {
      if (!originDepths[l]) {
        continue;
      }
      Zone z = byOrigin.get(l == total ? name : new Name(name, total - l));
      if (z != null) {
        return z;
      }
    }
    return null;
  }
}
