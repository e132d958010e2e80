package io.wadns.transfer;

import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The primary side of a fleet: publishes the served zones to secondaries after every load and
 * reload, and answers their transfer requests. Built once by {@code serve}.
 */
public final class Primary implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("wadns");
  private final Publisher publisher;
  private final OutboundTransfers transfers;
  private final NotifySender notifier;
  /** The catalog of the primary zones, or null when none is published. */
  private final CatalogZone catalog;
  /** The zones last loaded and what queries are answered from: them and the catalog zone. */
  private final AtomicReference<Served> served = new AtomicReference<>(new Served(null, null));
  /**
   * How long the NOTIFYs of a reload wait: the secondaries hear of a change at once (what a fleet's
   * convergence waits on), while NOTIFYs of one zone that is reloaded again within it become one.
   */
  static final Duration AFTER_RELOAD = Duration.ofMillis(20);
  /** Whether the first load was published; confined to the reload thread, as {@link #loaded} is. */
  private boolean started;

  private record Served(ZoneSet loaded, ZoneSet withCatalog) {}

  /**
   * @param journals the folder of the IXFR journals, or null to keep them in memory only
   * @param journalBytes the most one zone's journal holds
   */
  /** @param catalog the name of the catalog zone to publish (RFC 9432), or null */
  public Primary(TransferAcl allow, List<NotifyTarget> notify, TsigKeyring keys, Path journals, long journalBytes,
      Name catalog) {
    this.catalog = catalog == null ? null : new CatalogZone(catalog, Clock.systemUTC());
    this.publisher = new Publisher(journals == null ? null : new JournalFile(journals), journalBytes);
    TransferStats stats = new TransferStats();
    this.transfers = new OutboundTransfers(publisher::get, allow, keys, stats, true);
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "wadns-notify");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    SecureRandom random = new SecureRandom();
    // The NOTIFYs of the first load wait half a second: the server is listening by then (else they are
    // sent again after the back-off).
    this.notifier = new NotifySender(notify, keys, new UdpNotifyChannel(), scheduler, NotifySender.BACKOFF,
        Duration.ofSeconds(2), Duration.ofMillis(500), random::nextInt, stats);
  }

  /** Called after the first load and after every reload, on the reload thread, with the zones now served. */
  public void loaded(ZoneSet loaded) {
    ZoneSet all = withCatalog(loaded, true);
    served.set(new Served(loaded, all));
    Publisher.Changes changes = publisher.publish(all);
    notifier.forget(changes.removed());
    stats().forget(changes.removed());
    if (started) {
      notifier.changed(changes.changed(), AFTER_RELOAD);
    } else {
      started = true;
      notifier.changed(changes.changed());
    }
  }

  /**
   * What queries are answered from: the zones {@code loaded} gives, and the catalog zone. Cheap on the
   * query path: the same set until the loaded zones change.
   */
  public Supplier<ZoneSet> served(Supplier<ZoneSet> loaded) {
    if (catalog == null) {
      return loaded;
    }
    return () -> {
      ZoneSet now = loaded.get();
      Served s = served.get();
      if (s.loaded() == now) {
        return s.withCatalog();
      }
      // A reload swapped the zones in and loaded() has not run yet: the catalog as it was, until it does.
      // Kept only in place of what was read: had loaded() stored the new catalog meanwhile, an unconditional
      // write would put the old one back for every query until the next reload.
      ZoneSet all = withCatalog(now, false);
      served.compareAndSet(s, new Served(now, all));
      return all;
    };
  }

  /** {@code loaded} and the catalog zone, made anew of its zones when {@code update}, else as it is. */
  private ZoneSet withCatalog(ZoneSet loaded, boolean update) {
    if (catalog == null) {
      return loaded;
    }
    List<Zone> zones = new ArrayList<>(loaded.zones());
    if (zones.stream().anyMatch(z -> z.origin().equals(catalog.origin()))) {
      log.error("zone {} is both a zone file and the catalog name: the zone file is served, no catalog zone",
          catalog.origin());
      return loaded;
    }
    Zone zone;
    synchronized (catalog) {
      zone = update ? catalog.of(loaded.zones()) : catalog.current();
    }
    if (zone != null) {
      zones.add(zone);
    }
    return new ZoneSet(zones, loaded.failed());
  }

  public OutboundTransfers transfers() {
    return transfers;
  }

  /** Each published zone's serial and journal, read at scrape time. */
  public List<TransferStats.PublishedZone> published() {
    return publisher.state();
  }

  public TransferStats stats() {
    return transfers.stats();
  }

  @Override
  public void close() {
    notifier.close();
  }
}
