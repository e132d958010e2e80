package io.wadns.secondary;

import io.wadns.health.HealthKeys;
import io.wadns.text.ErrorText;
import io.wadns.text.SafeText;
import io.wadns.tsig.TsigKey;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.Zone;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import io.wadns.zonefile.ZonePatch;
import io.wadns.zonefile.ZoneProblem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One check of one secondary zone (RFC 1034 §4.3.5): ask its primaries in order, IXFR when we hold a
 * version (RFC 1995), AXFR when we do not, when IXFR is refused or when the differences do not apply
 * (RFC 5936); check a new version with the zone-file builder, have it published, then store it as zone
 * text; restart the timers on success; expire the zone when EXPIRE has passed without one. Runs on the
 * check threads, one check per zone at a time.
 */
final class Refresher {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  private final ZoneStore store;
  private final TransferClient client;
  private final TsigKeyring keys;
  private final HealthKeys healthKeys;
  private final Object loading;
  private final Clock clock;
  /** Publishes the served set again; called holding {@code loading}. */
  private final Runnable publish;
  /** A catalog zone has a new version; called holding {@code loading}, after {@link #publish}. */
  private final Consumer<FollowedZone> catalogChanged;
  /** Writes the versions of incremental transfers to the store after they are served. */
  private final StoreWriter stored;
  /**
   * Told the record count of a zone's first version, served from a whole transfer (and stored, or left to
   * the background writer when the store failed).
   */
  private final java.util.function.IntConsumer firstVersion;
  /** Whole transfers under way of zones that have no version yet. */
  private final java.util.concurrent.atomic.AtomicInteger firstTransfers = new java.util.concurrent.atomic
      .AtomicInteger();

  Refresher(ZoneStore store, StoreWriter stored, TransferClient client, TsigKeyring keys, HealthKeys healthKeys,
      Object loading, Clock clock, Runnable publish, Consumer<FollowedZone> catalogChanged,
      java.util.function.IntConsumer firstVersion) {
    this.store = store;
    this.stored = stored;
    this.client = client;
    this.keys = keys;
    this.healthKeys = healthKeys;
    this.loading = loading;
    this.clock = clock;
    this.publish = publish;
    this.catalogChanged = catalogChanged;
    this.firstVersion = firstVersion;
  }

  /** One check of {@code z}; returns when the next one is due. */
  Duration check(FollowedZone z) {
    expireIfDue(z);
    List<String> failures = new ArrayList<>();
    for (InetSocketAddress primary : z.primaries) {
      try {
        refresh(z, primary);
        z.bootstrapFailures = 0;
        return untilNext(z, RefreshTimers.of(ZoneUpdate.soaOf(z.zone)).refresh());
      } catch (TransferException e) {
        failures.add(Secondary.display(primary) + ": " + SafeText.of(e.getMessage())); // may quote the peer
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
        // A bug, or a transfer too big for the heap: this primary failed, the next one may do.
        log.error("secondary zone {}: the transfer from {} failed: {}", z.origin, Secondary.display(primary),
            e.toString(), e);
        failures.add(Secondary.display(primary) + ": " + e.getClass().getSimpleName());
      }
    }
    z.refreshFailures.increment();
    log.warn("secondary zone {}: refresh failed ({}); {}", z.origin, String.join("; ", failures),
        z.zone == null ? "nothing to serve yet" : z.expired ? "expired, answered SERVFAIL"
            : "serial " + z.zone.serial() + " served until " + z.expiresAt);
    if (z.zone == null) {
      return RefreshTimers.bootstrapRetry(++z.bootstrapFailures);
    }
    return untilNext(z, RefreshTimers.of(ZoneUpdate.soaOf(z.zone)).retry());
  }

  /** {@code timer}, or less when the zone expires sooner. */
  private Duration untilNext(FollowedZone z, Duration timer) {
    if (z.expiresAt == null || z.expired) {
      return timer;
    }
    Duration toExpiry = Duration.between(clock.instant(), z.expiresAt);
    return toExpiry.compareTo(timer) < 0 ? toExpiry.plusMillis(10) : timer;
  }

  /**
   * Stops answering from {@code z} once EXPIRE has passed since its last successful check. Called at
   * the start of each check and every second by the expiry timer, which a stalled check cannot hold
   * up; decided holding {@code loading}, where a successful check moves the expiry time.
   */
  void expireIfDue(FollowedZone z) {
    if (!isDue(z)) {
      return;
    }
    synchronized (loading) {
      if (!isDue(z)) {
        return; // a check succeeded meanwhile
      }
      z.expired = true;
      publish.run();
    }
    log.error("secondary zone {}: expired, no successful refresh since {} (SOA expire {} s); answering SERVFAIL"
        + " until a primary answers", z.origin, z.refreshed, RefreshTimers.of(ZoneUpdate.soaOf(z.zone))
        .expire().toSeconds());
  }

  private boolean isDue(FollowedZone z) {
    Instant at = z.expiresAt;
    return z.zone != null && !z.expired && at != null && !clock.instant().isBefore(at);
  }

  /** Asks {@code primary}: IXFR when we hold a version, else AXFR; AXFR again when IXFR cannot be used. */
  private void refresh(FollowedZone z, InetSocketAddress primary) throws TransferException {
    TsigKey key = key(z);
    Zone current = z.zone;
    if (current != null && !z.wholeZoneNext) {
      TransferClient.Fetched f;
      try {
        f = client.fetch(primary, z.origin, ZoneUpdate.soaOf(current), key, () -> store.incoming(z.origin));
      } catch (TransferException e) {
        if (e.partway) {
          // RFC 1995 §4: a server may answer AXFR instead; a client that cannot use the IXFR it got (too many
          // records for the limit, a gap in the primary's history, a stream cut short) asks for the whole
          // zone, as BIND and Knot do, rather than ask the same IXFR again until the zone expires.
          log.warn("secondary zone {}: IXFR from {} failed ({}); asking for AXFR", z.origin,
              Secondary.display(primary), SafeText.of(e.getMessage()));
        } else if (e.rcode >= 0) {
          log.info("secondary zone {}: IXFR {} by {}; asking for AXFR", z.origin, SafeText.of(e.getMessage()),
              Secondary.display(primary));
        } else {
          throw e;
        }
        f = null;
      }
      if (f != null) {
        try {
          accept(z, primary, current, f);
          return;
        } catch (TransferException e) {
          if (!(f.transferred() instanceof Transferred.Incremental)) {
            throw e;
          }
          log.warn("secondary zone {}: IXFR from {} not applied ({}); asking for AXFR", z.origin,
              Secondary.display(primary), SafeText.of(e.getMessage()));
        }
      }
    }
    if (current == null) {
      firstTransfers.incrementAndGet();
    }
    try {
      accept(z, primary, current, client.fetch(primary, z.origin, null, key, () -> store.incoming(z.origin)));
    } finally {
      if (current == null) {
        firstTransfers.decrementAndGet();
      }
    }
  }

  /** Whole transfers under way of zones that have no version yet (see {@code Secondary.settleHeapWith}). */
  int firstTransfersUnderWay() {
    return firstTransfers.get();
  }

  /**
   * True when a transferred version of serial {@code theirs} must not replace ours (RFC 1982 order): one
   * not newer than ours, or, when ours is known to differ from the primary's (an IXFR that did not apply,
   * a version that failed the checks), one older than ours: the same serial then replaces ours, but a
   * lagging primary's older version never rolls the zone back.
   */
  static boolean notTaken(long theirs, long ours, boolean wholeZoneNext) {
    return wholeZoneNext ? Serials.greater(ours, theirs) : !Serials.greater(theirs, ours);
  }

  private TsigKey key(FollowedZone z) throws TransferException {
    if (z.key == null) {
      return null;
    }
    TsigKey t = keys.key(z.key);
    if (t == null) {
      throw new TransferException("no TSIG key " + z.key);
    }
    return t;
  }

  /** Uses what a transfer brought: a new version checked, stored and served, or the current one confirmed. */
  private void accept(FollowedZone z, InetSocketAddress primary, Zone current, TransferClient.Fetched f)
      throws TransferException {
    Instant now = clock.instant();
    Transferred t = f.transferred();
    String from = Secondary.display(primary);
    if (t instanceof Transferred.UpToDate || current != null && notTaken(t.soa().getSerial(), current.serial(),
        z.wholeZoneNext)) {
      if (current == null) {
        throw new TransferException("IXFR answered up to date for a zone we do not hold");
      }
      z.upToDate.increment();
      if (t.soa().getSerial() != current.serial()) {
        log.warn("secondary zone {}: {} serves serial {}, older than ours {}; keeping ours (RFC 1982)", z.origin,
            from, t.soa().getSerial(), current.serial());
      }
      refreshed(z, current, now, false);
      return;
    }
    SOARecord soa = t.soa();
    if (t instanceof Transferred.Incremental inc) {
      acceptDifferences(z, current, inc, from, now);
      z.ixfr.increment();
      z.ixfrBytes.add(f.bytes());
      z.ixfrNanos.add(f.nanos());
      log.info("secondary zone {}: IXFR from {}: serial {} to {} ({} difference{}, {} bytes in {} messages, {} ms)",
          z.origin, from, current.serial(), inc.soa().getSerial(), inc.differences().size(),
          inc.differences().size() == 1 ? "" : "s", f.bytes(), f.messages(), f.nanos() / 1_000_000);
      return;
    }
    Transferred.Full full = (Transferred.Full) t;
    // Built from the records as they came (they went into a compact draft as they arrived), served, and
    // only then written to the store as zone text: the text is for the next start. A crash before the
    // write leaves the older version stored, which a restart then replaces from the primary.
    Zone zone;
    synchronized (loading) {
      notDropped(z);
      FileLoad load = full.zone().build(healthKeys);
      passesChecks(z, load);
      zone = load.zone();
      z.wholeZoneNext = false;
      refreshed(z, zone, now, true);
    }
    z.axfr.increment();
    z.axfrBytes.add(f.bytes());
    z.axfrNanos.add(f.nanos());
    log.info("secondary zone {}: AXFR from {}: serial {} ({} records, {} bytes in {} messages, {} ms)", z.origin,
        from, soa.getSerial(), full.records(), f.bytes(), f.messages(), f.nanos() / 1_000_000);
    log.debug("secondary zone {}: {} of the {} messages of that AXFR read in place, the rest by dnsjava", z.origin,
        f.inPlace(), f.messages());
    storeWhole(z, zone, from, now);
    if (current == null) {
      firstVersion.accept(full.records());
    }
  }

  /**
   * Writes a whole transfer to the store now, a line at a time to a temporary file that then replaces the
   * stored one (a zone of any size is never held as text in memory). Never for a zone dropped since it
   * was served: its name may be followed anew (a catalog's reset, RFC 9432 §5.5) and the file be the new
   * zone's. A write that fails (a full or read-only store, a stop) leaves the version pending with the
   * background writer, as an IXFR's version is: the older file is not taken as fresh meanwhile, and the
   * write is tried again, and at shutdown.
   */
  private void storeWhole(FollowedZone z, Zone zone, String from, Instant now) {
    Path staged = null;
    boolean done = false;
    try {
      staged = store.stage(z.origin, out -> ZoneText.write(out, z.origin, ZoneUpdate.soaOf(zone),
          ZoneUpdate.records(zone), from, now));
      Path file = staged;
      stored.commitWhole(z.origin, () -> !z.dropped, () -> store.commit(z.origin, file));
      done = true;
    } catch (java.nio.channels.ClosedByInterruptException e) {
      log.info("secondary zone {}: serial {} not stored yet: stopping; it is stored before the end", z.origin,
          zone.serial());
    } catch (IOException | RuntimeException e) {
      log.warn("secondary zone {}: cannot store serial {} in {}: {}; served from memory until it is stored"
          + " (tried again in the background)", z.origin, zone.serial(), store.fileOf(z.origin), ErrorText.of(e));
    } finally {
      if (staged != null) {
        store.discard(staged); // gone already when stored
      }
      if (!done) { // an Error too: the version served is never left unstored and forgotten
        synchronized (loading) { // drops happen under this lock
          if (!z.dropped) {
            stored.later(z.origin, zone, from, now);
          }
        }
      }
    }
  }

  /**
   * An incremental transfer: the RRsets the differences touch patched into the zone held when the change
   * allows (see {@link ZonePatch}: a cost in proportion to the change), else the differences applied to
   * the zone held in wire form and checked with the zone-file builder; the new version served, and only
   * then, in the background, written to the store (see {@link StoreWriter}).
   */
  private void acceptDifferences(FollowedZone z, Zone current, Transferred.Incremental inc, String from,
      Instant now) throws TransferException {
    WireUpdate update = WireUpdate.of(current, inc);
    Zone next;
    synchronized (loading) {
      notDropped(z);
      long started = System.nanoTime();
      ZonePatch.Outcome patch = update.patch(store.limits());
      if (patch instanceof ZonePatch.Unmatched u) {
        z.wholeZoneNext = true;
        throw unmatched(inc, u.deletion());
      }
      if (patch instanceof ZonePatch.Patched p) {
        next = p.zone();
        z.wholeZoneNext = false;
        refreshed(z, next, now, true);
        log.debug("secondary zone {}: serial {} patched in {} us", z.origin, next.serial(),
            (System.nanoTime() - started) / 1000);
        stored.later(z.origin, next, from, now);
        return;
      }
      log.debug("secondary zone {}: serial {} needs a whole build: {}", z.origin, inc.soa().getSerial(),
          SafeText.of(((ZonePatch.NotApplicable) patch).why()));
      FileLoad load = store.check(z.origin, update.expectedRecords(), update::feed, healthKeys);
      Record missing = update.unmatched();
      if (missing != null) {
        z.wholeZoneNext = true;
        throw unmatched(inc, missing);
      }
      passesChecks(z, load);
      z.wholeZoneNext = false;
      next = load.zone();
      refreshed(z, next, now, true);
      stored.later(z.origin, next, from, now);
    }
  }

  /**
   * Stops a check of a zone no longer followed (its catalog dropped or reset it while the transfer ran)
   * before it serves or stores anything: a zone of the same name may be followed anew by now, with its
   * own store file. Under the loading lock, as the drop is.
   */
  private static void notDropped(FollowedZone z) throws TransferException {
    if (z.dropped) {
      throw new TransferException("no longer followed (dropped from catalog " + z.memberOf + ")");
    }
  }

  private static TransferException unmatched(Transferred.Incremental inc, Record missing) {
    return new TransferException("the differences to serial " + inc.soa().getSerial() + " delete a record we do"
        + " not hold: " + SafeText.of(missing.getName().toString()) + " " + Type.string(missing.getType()));
  }

  /**
   * Refuses a transferred version that fails the zone-file checks (logged, at most 20 problems; the next
   * check asks for the whole zone), and logs the warnings of one that passes.
   */
  private void passesChecks(FollowedZone z, FileLoad load) throws TransferException {
    if (!load.ok() || !load.zone().origin().equals(z.origin)) {
      load.errors().stream().limit(20).forEach(p -> log.warn("secondary zone {}: {}", z.origin,
          SafeText.of(p.toString())));
      z.wholeZoneNext = true;
      throw new TransferException("the transferred zone does not pass the zone checks ("
          + load.errors().stream().findFirst().map(ZoneProblem::toString).orElse("another zone") + ")");
    }
    load.warnings().stream().limit(20).forEach(p -> log.info("secondary zone {}: {}", z.origin,
        SafeText.of(p.toString())));
  }

  /** A successful check: the timers start again, and a changed or revived zone is published. */
  private void refreshed(FollowedZone z, Zone zone, Instant now, boolean changed) {
    // The stored file's time says when its version was last confirmed; while a newer version waits to be
    // written (or could not be), the file holds an older one, and a restart must not take it as fresh.
    if (!changed && !stored.isPending(z.origin)) {
      try {
        store.touch(z.origin, now);
      } catch (IOException e) {
        log.debug("secondary zone {}: cannot mark the refresh on {}: {}", z.origin, store.fileOf(z.origin),
            e.toString());
      }
    }
    boolean revived;
    synchronized (loading) { // with the expiry timer: a zone refreshed now is not expired by a stale reading
      revived = z.expired;
      z.refreshed = now;
      z.expiresAt = now.plus(RefreshTimers.of(ZoneUpdate.soaOf(zone)).expire());
      if (changed || revived) {
        z.zone = zone;
        z.expired = false;
        publish.run();
        if (changed && z.isCatalog) {
          catalogChanged.accept(z);
        }
      }
    }
    if (revived) {
      log.info("secondary zone {}: refreshed, serial {} answered again", z.origin, zone.serial());
    }
  }
}
