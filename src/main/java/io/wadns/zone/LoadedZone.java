package io.wadns.zone;

import io.wadns.health.AddressHealth;
import java.nio.file.Path;
import java.util.List;

/**
 * A zone as a reload needs to remember it: where it came from, the digests of what was read, and the
 * health trackers its address sets hold (so a reused zone can bind them again).
 */
record LoadedZone(Path file, Zone zone, ZoneSources sources, List<AddressHealth> checked) {
  LoadedZone {
    checked = List.copyOf(checked);
  }
}
