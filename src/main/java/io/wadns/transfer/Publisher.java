package io.wadns.transfer;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.HashMap;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The version of each primary zone that secondaries get: the zones served, as of the last reload.
 * Written by the reload thread, read by every transfer without locks (one immutable map, swapped).
 */
final class Publisher {
  private volatile Map<Name, Zone> published = Map.of();

  /** Takes the zones a reload left served. */
  void publish(ZoneSet served) {
    Map<Name, Zone> next = new HashMap<>();
    for (Zone z : served.zones()) {
      next.put(z.origin(), z);
    }
    published = Map.copyOf(next);
  }

  /** The zone published under {@code origin}, or null. */
  Zone zone(Name origin) {
    return published.get(origin);
  }
}
