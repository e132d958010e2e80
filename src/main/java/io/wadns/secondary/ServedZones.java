package io.wadns.secondary;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The zones queries are answered from: the primary zones and the secondary zones in one set. A
 * primary zone wins over a secondary zone of the same name; a secondary zone that is expired or was
 * never transferred answers SERVFAIL (a failed origin). A catalog member at, above or below a
 * primary zone is left out: the deepest zone answers a name, so it would take over names the zone
 * files give (members are refused when their catalog changes, and this holds for zone files added
 * since). Cheap on the query path: the same set instance while neither side changes, so the answer
 * cache, keyed on it, stays warm. Thread-safe: two threads that combine a new pair at once make equal
 * sets, and either may be kept.
 */
final class ServedZones implements Supplier<ZoneSet> {
  /** The secondary zones served (and failed), and which of them are members of a catalog (RFC 9432). */
  record Secondaries(ZoneSet zones, Set<Name> members) {
    static final Secondaries NONE = new Secondaries(ZoneSet.empty(), Set.of());
  }

  private record Combined(ZoneSet primary, Secondaries secondary, ZoneSet all) {}

  private final Supplier<ZoneSet> primary;
  private final Supplier<Secondaries> secondary;
  private volatile Combined combined = new Combined(null, null, null);

  ServedZones(Supplier<ZoneSet> primary, Supplier<Secondaries> secondary) {
    this.primary = primary;
    this.secondary = secondary;
  }

  @Override
  public ZoneSet get() {
    ZoneSet p = primary.get();
    Secondaries s = secondary.get();
    Combined c = combined;
    if (c.primary() == p && c.secondary() == s) {
      return c.all();
    }
    ZoneSet all = combine(p, s);
    combined = new Combined(p, s, all);
    tellHidden(p, s, all);
    return all;
  }

  /** Secondary zones hidden by a zone file now, each told once until it is answered again. */
  private final Set<Name> toldHidden = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The secondary zones a zone file hides, as of the last combination. */
  private volatile Set<Name> hidden = Set.of();

  /**
   * The secondary zones that a zone file of this server hides now (the same name, or a catalog member at,
   * above or below it): transferred, but not answered from. For metrics, off the query path.
   */
  Set<Name> hidden() {
    get(); // combines anew if either side changed since
    return hidden;
  }

  /**
   * Logs each secondary zone that a zone file hides (the same name, or a catalog member at, above or below
   * a zone file's zone), once while it stays hidden: it goes on being transferred but is not answered.
   */
  private void tellHidden(ZoneSet primary, Secondaries secondary, ZoneSet all) {
    Set<Name> files = new HashSet<>(primary.failed());
    primary.zones().forEach(z -> files.add(z.origin()));
    Set<Name> answered = new HashSet<>(all.failed());
    all.zones().forEach(z -> answered.add(z.origin()));
    Set<Name> secondaries = new HashSet<>(secondary.zones().failed());
    secondary.zones().zones().forEach(z -> secondaries.add(z.origin()));
    Set<Name> hidden = new HashSet<>();
    for (Name o : secondaries) {
      if (files.contains(o) || !answered.contains(o)) {
        hidden.add(o);
      }
    }
    this.hidden = Set.copyOf(hidden);
    toldHidden.retainAll(hidden);
    for (Name o : hidden) {
      if (toldHidden.add(o)) {
        LoggerFactory.getLogger("wadns").warn("secondary zone {} is not answered: a zone file of this server {}"
            + " (its names stay the zone file's); it is still transferred", o,
            files.contains(o) ? "has the same name" : "is at, above or below it");
      }
    }
  }

  static ZoneSet combine(ZoneSet primary, Secondaries secondary) {
    List<Zone> all = new ArrayList<>(primary.zones());
    Set<Name> origins = new HashSet<>();
    primary.zones().forEach(z -> origins.add(z.origin()));
    Set<Name> taken = new HashSet<>(origins);
    taken.addAll(primary.failed());
    Set<Name> refused = secondary.members().isEmpty() ? Set.of() : new Takeovers(taken).among(secondary.members());
    for (Zone z : secondary.zones().zones()) {
      if (!refused.contains(z.origin()) && origins.add(z.origin())) {
        all.add(z);
      }
    }
    List<Name> failed = new ArrayList<>(primary.failed());
    secondary.zones().failed().stream().filter(o -> !origins.contains(o) && !refused.contains(o))
        .forEach(failed::add);
    return new ZoneSet(all, failed);
  }
}
