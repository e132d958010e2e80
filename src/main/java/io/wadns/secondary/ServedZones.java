package io.wadns.secondary;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The zones queries are answered from: the primary zones and the secondary zones in one set. A
 * primary zone wins over a secondary zone of the same name; a secondary zone that is expired or was
 * never transferred answers SERVFAIL (a failed origin). Cheap on the query path: the same set
 * instance while neither side changes, so the answer cache, keyed on it, stays warm. Thread-safe: two
 * threads that combine a new pair at once make equal sets, and either may be kept.
 */
final class ServedZones implements Supplier<ZoneSet> {
  private record Combined(ZoneSet primary, ZoneSet secondary, ZoneSet all) {}

  private final Supplier<ZoneSet> primary;
  private final Supplier<ZoneSet> secondary;
  private volatile Combined combined = new Combined(null, null, null);

  ServedZones(Supplier<ZoneSet> primary, Supplier<ZoneSet> secondary) {
    this.primary = primary;
    this.secondary = secondary;
  }

  @Override
  public ZoneSet get() {
    ZoneSet p = primary.get();
    ZoneSet s = secondary.get();
    Combined c = combined;
    if (c.primary() == p && c.secondary() == s) {
      return c.all();
    }
    ZoneSet all = combine(p, s);
    combined = new Combined(p, s, all);
    return all;
  }

  static ZoneSet combine(ZoneSet primary, ZoneSet secondary) {
    List<Zone> all = new ArrayList<>(primary.zones());
    Set<org.xbill.DNS.Name> origins = new HashSet<>();
    primary.zones().forEach(z -> origins.add(z.origin()));
    for (Zone z : secondary.zones()) {
      if (origins.add(z.origin())) {
        all.add(z);
      }
    }
    List<org.xbill.DNS.Name> failed = new ArrayList<>(primary.failed());
    secondary.failed().stream().filter(o -> !origins.contains(o)).forEach(failed::add);
    return new ZoneSet(all, failed);
  }
}
