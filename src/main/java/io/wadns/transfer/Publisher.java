package io.wadns.transfer;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The version of each primary zone that secondaries get, and its journal. After every load and
 * reload it takes the served zones: a new zone is published as it is; a changed zone is published
 * only when its SOA serial increased (RFC 1982), and then the difference goes into its journal (RFC
 * 1995) and to disk. A changed zone whose serial did not increase stays unpublished: secondaries,
 * which compare serials, would never fetch it, and one that transferred it anyway would hold data
 * its serial does not name; it is logged, and the last published version goes on being transferred.
 *
 * <p>Written by the reload thread only; transfers read the published map without locks (an
 * immutable map, swapped whole).
 */
final class Publisher {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  /** A zone as published to secondaries. */
  record Published(Zone zone, Journal journal) {}

  /** What a publication changed: zones added or with a new serial, and zones gone. */
  record Changes(List<Zone> changed, List<Name> removed) {
    boolean isEmpty() {
      return changed.isEmpty() && removed.isEmpty();
    }
  }

  private final JournalFile files;
  private final long maxBytes;
  private volatile Map<Name, Published> published = Map.of();

  /** @param files where journals are kept across restarts, or null to keep them in memory only */
  Publisher(JournalFile files, long maxBytes) {
    this.files = files;
    this.maxBytes = maxBytes;
  }

  /** The smallest bound of a zone's journal, so that a tiny zone still keeps a few dozen small changes. */
  static final long MIN_JOURNAL_BYTES = 16 << 10;

  /**
   * The most {@code zone}'s journal holds: {@code maxBytes} (transfer.journal-size), and never more than
   * twice the zone's own size ({@link io.wadns.zone.ZoneData#footprint}, {@link #MIN_JOURNAL_BYTES} at
   * least), as BIND bounds its journals by default: differences reaching further back than that add up to
   * more than the whole zone, which AXFR sends instead (RFC 1995 §4), and journals held in memory for
   * thousands of small zones stay in proportion to the zones.
   */
  static long bound(Zone zone, long maxBytes) {
    return Math.min(maxBytes, Math.max(MIN_JOURNAL_BYTES, 2 * zone.data().footprint()));
  }

  /** What is published now, for metrics: each zone's serial and the size of its journal. */
  List<TransferStats.PublishedZone> state() {
    List<TransferStats.PublishedZone> out = new ArrayList<>();
    published.forEach((origin, p) -> out.add(new TransferStats.PublishedZone(origin.toString(), p.zone().serial(),
        p.journal().differences().size(), p.journal().bytes())));
    return out;
  }

  /** The zone published under {@code origin} and its journal, or null. */
  Published get(Name origin) {
    return published.get(origin);
  }

  Zone zone(Name origin) {
    Published p = published.get(origin);
    return p == null ? null : p.zone();
  }

  /** Takes the zones now served (see the class comment); returns what secondaries must hear of. */
  Changes publish(ZoneSet served) {
    Map<Name, Published> before = published;
    Map<Name, Published> next = new HashMap<>();
    List<Zone> changed = new ArrayList<>();
    for (Zone z : served.zones()) {
      Published p = before.get(z.origin());
      if (p == null) {
        next.put(z.origin(), new Published(z, stored(z)));
        changed.add(z);
      } else if (p.zone() == z) {
        next.put(z.origin(), p);
      } else if (Serials.greater(z.serial(), p.zone().serial())) {
        Journal journal = p.journal().append(ZoneDiff.between(p.zone(), z), bound(z, maxBytes));
        store(z.origin(), journal);
        next.put(z.origin(), new Published(z, journal));
        changed.add(z);
      } else if (z.serial() == p.zone().serial() && (z.data() == p.zone().data() || ZoneDiff.sameRecords(p.zone(), z))) {
        next.put(z.origin(), new Published(z, p.journal())); // the same data read again, or signed again
      } else {
        log.warn("zone {} changed but its SOA serial {} is not greater than {}: not published to secondaries, which"
            + " keep serial {} until the serial increases (RFC 1982)", z.origin(), z.serial(), p.zone().serial(),
            p.zone().serial());
        next.put(z.origin(), p);
      }
    }
    List<Name> removed = new ArrayList<>();
    for (Name origin : before.keySet()) {
      if (!next.containsKey(origin)) {
        removed.add(origin);
        forget(origin);
      }
    }
    published = Map.copyOf(next);
    return new Changes(changed, removed);
  }

  /** The journal kept on disk for a zone published for the first time, if it leads up to its serial. */
  private Journal stored(Zone z) {
    if (files == null) {
      return Journal.EMPTY;
    }
    Journal journal;
    try {
      journal = files.read(z.origin());
    } catch (IOException e) {
      log.warn("journal of zone {} ({}) not used: {}; secondaries transfer the whole zone once", z.origin(),
          files.fileOf(z.origin()), e.getMessage());
      return Journal.EMPTY;
    }
    if (journal.differences().isEmpty()) {
      return journal;
    }
    if (journal.lastSerial() != z.serial()) {
      log.info("journal of zone {} ends at serial {}, the zone is at {}: started anew (secondaries at older serials"
          + " transfer the whole zone once)", z.origin(), journal.lastSerial(), z.serial());
      forget(z.origin());
      return Journal.EMPTY;
    }
    log.info("journal of zone {}: {} differences from serial {} kept from before", z.origin(),
        journal.differences().size(), journal.differences().get(0).fromSerial());
    return journal;
  }

  private void store(Name origin, Journal journal) {
    if (files == null) {
      return;
    }
    try {
      files.write(origin, journal);
    } catch (IOException e) {
      log.warn("cannot write the journal of zone {} to {}: {}; it is kept in memory until the next restart", origin,
          files.fileOf(origin), io.wadns.text.ErrorText.of(e));
    }
  }

  private void forget(Name origin) {
    if (files == null) {
      return;
    }
    try {
      files.delete(origin);
    } catch (IOException e) {
      log.warn("cannot delete the journal {}: {}", files.fileOf(origin), io.wadns.text.ErrorText.of(e));
    }
  }
}
