package io.wadns.secondary;

import io.wadns.health.CheckedAddress;
import io.wadns.health.HealthRegistry;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import io.wadns.zonefile.ZoneProblem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;

/**
 * The secondary side of a fleet: zones transferred from primaries (RFC 5936 AXFR, RFC 1995 IXFR),
 * kept in a store folder and served beside the primary zones. Each zone is checked at start, every
 * SOA REFRESH, every RETRY after a failure and at once on a NOTIFY from one of its primaries (RFC
 * 1996); it expires after EXPIRE without a successful check and is then answered SERVFAIL (RFC 1034
 * §4.3.5). A transferred version goes through the zone-file reader and builder like any zone file;
 * one that fails is neither stored nor served, and the version before goes on being served.
 *
 * <p>Threading: checks run on two threads of their own, one at a time per zone; building and
 * publishing a version holds {@code loading}, the lock the zone reloads hold, because both give out
 * health keys. Queries read the served set through one volatile reference.
 */
public final class Secondary implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  private final Map<Name, FollowedZone> zones = new LinkedHashMap<>();
  private final TsigKeyring keys;
  private final HealthRegistry health;
  private final Object loading;
  private final Clock clock;
  private final ZoneStore store;
  private final TransferClient client;
  private final ScheduledThreadPoolExecutor scheduler;
  private final NotifyReceiver notifyReceiver;
  private final LongAdder notifiesRefused = new LongAdder();
  private volatile ZoneSet served = ZoneSet.empty();
  private volatile Combined combined = new Combined(null, null, null);

  private record Combined(ZoneSet primary, ZoneSet secondary, ZoneSet all) {}

  /** One zone to follow: its name, its primaries in order of preference, its TSIG key or null. */
  public record Followed(Name name, List<InetSocketAddress> primaries, Name key) {}

  /**
   * @param store the folder of the stored zones
   * @param maxRecords records one zone may hold (as {@code --max-records})
   * @param loading the lock zone loads hold while they give out health keys
   */
  public Secondary(List<Followed> followed, Path store, TsigKeyring keys, HealthRegistry health, Object loading,
      long maxRecords, Clock clock) {
    this(followed, store, keys, health, loading, clock, TransferLimits.of(maxRecords));
  }

  Secondary(List<Followed> followed, Path store, TsigKeyring keys, HealthRegistry health, Object loading,
      Clock clock, TransferLimits limits) {
    for (Followed f : followed) {
      zones.put(f.name(), new FollowedZone(f.name(), f.primaries(), f.key()));
    }
    this.keys = keys;
    this.health = health;
    this.loading = loading;
    this.clock = clock;
    this.store = new ZoneStore(store, limits.maxRecords());
    this.client = new TransferClient(limits);
    this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "wadns-secondary");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    this.notifyReceiver = new NotifyReceiver(zones, keys);
  }

  /** Loads every stored zone (served at once, even with every primary down), then checks each zone. */
  public void start() {
    loadStore();
    for (FollowedZone z : zones.values()) {
      schedule(z, Duration.ZERO);
    }
  }

  /** Serves every zone the store holds a usable copy of. */
  void loadStore() {
    synchronized (loading) {
      for (FollowedZone z : zones.values()) {
        loadStored(z);
      }
      publish();
    }
  }

  private void loadStored(FollowedZone z) {
    FileLoad load = store.read(z.origin, health.keys());
    if (load == null) {
      log.info("secondary zone {}: nothing stored in {} yet, transferring it", z.origin, store.folder());
      return;
    }
    if (!load.ok() || !load.zone().origin().equals(z.origin)) {
      load.problems().forEach(p -> log.warn("{}", p));
      log.warn("secondary zone {}: the stored copy {} is not usable{}; transferring it anew", z.origin, load.file(),
          load.ok() ? " (it holds zone " + load.zone().origin() + ")" : "");
      return;
    }
    Instant refreshed = store.refreshed(z.origin);
    Instant now = clock.instant();
    z.zone = load.zone();
    z.refreshed = refreshed;
    z.expiresAt = (refreshed == null ? now : refreshed).plus(RefreshTimers.of(ZoneUpdate.soaOf(load.zone())).expire());
    z.expired = !now.isBefore(z.expiresAt);
    log.info("secondary zone {}: serial {} loaded from {}{}", z.origin, load.zone().serial(), load.file(),
        z.expired ? ", but expired at " + z.expiresAt + " (answered SERVFAIL until a primary answers)" : "");
  }

  /**
   * What queries are answered from: the zones {@code primary} gives, and the secondary zones served
   * (an expired one, or one never transferred, answers SERVFAIL). A primary zone wins over a secondary
   * zone of the same name. Cheap on the query path: the same set until either side changes.
   */
  public Supplier<ZoneSet> served(Supplier<ZoneSet> primary) {
    return () -> {
      ZoneSet p = primary.get();
      ZoneSet s = served;
      Combined c = combined;
      if (c.primary() == p && c.secondary() == s) {
        return c.all();
      }
      List<Zone> all = new ArrayList<>(p.zones());
      List<Name> failed = new ArrayList<>(p.failed());
      for (Zone z : s.zones()) {
        if (p.find(z.origin()) == null || !p.find(z.origin()).origin().equals(z.origin())) {
          all.add(z);
        }
      }
      for (Name origin : s.failed()) {
        if (all.stream().noneMatch(z -> z.origin().equals(origin))) {
          failed.add(origin);
        }
      }
      ZoneSet set = new ZoneSet(all, failed);
      combined = new Combined(p, s, set);
      return set;
    };
  }

  /**
   * The answer to a NOTIFY (RFC 1996): accepted from a primary of a followed zone, signed with its key
   * when it names one, and then the zone is checked at once; REFUSED from anyone else.
   *
   * @return the reply, or null to send none
   */
  public byte[] notified(byte[] packet, InetSocketAddress client) {
    NotifyReceiver.Verdict v = notifyReceiver.answer(packet, client);
    if (v.zone() == null) {
      notifiesRefused.increment();
      return v.reply();
    }
    v.zone().notifies.increment();
    log.info("NOTIFY of secondary zone {} from {}: checking it now", v.zone().origin, display(client));
    schedule(v.zone(), Duration.ZERO);
    return v.reply();
  }

  /** Each zone's state and counters, for metrics. */
  public List<SecondaryZoneState> state() {
    return zones.values().stream().map(FollowedZone::state).toList();
  }

  /** NOTIFY messages refused: not from a primary of a followed zone, or not signed as it must be. */
  public long notifiesRefused() {
    return notifiesRefused.sum();
  }

  // ---- checks

  private void schedule(FollowedZone z, Duration delay) {
    synchronized (z) {
      if (scheduler.isShutdown()) {
        return;
      }
      if (z.next != null) {
        z.next.cancel(false);
      }
      z.next = scheduler.schedule(() -> run(z), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }
  }

  private void run(FollowedZone z) {
    synchronized (z) {
      if (z.running) {
        z.again = true; // a NOTIFY during a check: check once more right after
        return;
      }
      z.running = true;
    }
    Duration next;
    try {
      next = check(z);
    } catch (RuntimeException e) {
      log.error("secondary zone {}: the check failed: {}", z.origin, e.toString(), e);
      next = RefreshTimers.MAX_BOOTSTRAP_RETRY;
    }
    synchronized (z) {
      z.running = false;
      boolean again = z.again;
      z.again = false;
      schedule(z, again ? Duration.ZERO : next);
    }
  }

  /** One check of {@code z} (see the class comment); returns when the next one is due. */
  Duration check(FollowedZone z) {
    expireIfDue(z);
    List<String> failures = new ArrayList<>();
    for (InetSocketAddress primary : z.primaries) {
      try {
        refresh(z, primary);
        z.bootstrapFailures = 0;
        return untilNext(z, RefreshTimers.of(ZoneUpdate.soaOf(z.zone)).refresh());
      } catch (TransferException e) {
        failures.add(display(primary) + ": " + e.getMessage());
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

  private void expireIfDue(FollowedZone z) {
    if (z.zone != null && !z.expired && z.expiresAt != null && !clock.instant().isBefore(z.expiresAt)) {
      log.error("secondary zone {}: expired, no successful refresh since {} (SOA expire {} s); answering SERVFAIL"
          + " until a primary answers", z.origin, z.refreshed, RefreshTimers.of(ZoneUpdate.soaOf(z.zone))
          .expire().toSeconds());
      synchronized (loading) {
        z.expired = true;
        publish();
      }
    }
  }

  /** Asks {@code primary}: IXFR when we hold a version, else AXFR; AXFR again when IXFR cannot be used. */
  private void refresh(FollowedZone z, InetSocketAddress primary) throws TransferException {
    TSIG key = signer(z);
    Zone current = z.zone;
    if (current != null && !z.wholeZoneNext) {
      TransferClient.Fetched f;
      try {
        f = client.fetch(primary, z.origin, ZoneUpdate.soaOf(current), key);
      } catch (TransferException e) {
        if (e.rcode < 0) {
          throw e;
        }
        log.info("secondary zone {}: IXFR {} by {}; asking for AXFR", z.origin, e.getMessage(), display(primary));
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
          log.warn("secondary zone {}: IXFR from {} not applied ({}); asking for AXFR", z.origin, display(primary),
              e.getMessage());
        }
      }
    }
    accept(z, primary, current, client.fetch(primary, z.origin, null, key));
  }

  private TSIG signer(FollowedZone z) throws TransferException {
    if (z.key == null) {
      return null;
    }
    TSIG t = keys.signer(z.key);
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
    String from = display(primary);
    if (t instanceof Transferred.UpToDate || current != null && !Serials.greater(t.soa().getSerial(),
        current.serial()) && !z.wholeZoneNext) {
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
    byte[] text;
    String what;
    if (t instanceof Transferred.Incremental inc) {
      var records = ZoneUpdate.apply(ZoneUpdate.recordsOf(current), current.serial(), inc);
      text = ZoneText.of(z.origin, inc.soa(), records, from, now);
      what = "IXFR from " + from + ": serial " + current.serial() + " to " + inc.soa().getSerial() + " ("
          + inc.differences().size() + " difference" + (inc.differences().size() == 1 ? "" : "s");
    } else {
      Transferred.Full full = (Transferred.Full) t;
      List<Record> records = full.records();
      text = ZoneText.of(z.origin, full.soa(), records, from, now);
      what = "AXFR from " + from + ": serial " + full.soa().getSerial() + " (" + records.size() + " records";
    }
    Zone zone;
    synchronized (loading) {
      FileLoad load = store.check(z.origin, text, health.keys());
      if (!load.ok() || !load.zone().origin().equals(z.origin)) {
        load.errors().stream().limit(20).forEach(p -> log.warn("{}", p));
        z.wholeZoneNext = true;
        throw new TransferException("the transferred zone does not pass the zone checks ("
            + load.errors().stream().findFirst().map(ZoneProblem::toString).orElse("another zone") + ")");
      }
      load.warnings().stream().limit(20).forEach(p -> log.info("{}", p));
      zone = load.zone();
      try {
        store.write(z.origin, text);
      } catch (IOException e) {
        log.warn("secondary zone {}: cannot store it in {}: {}; served from memory until a restart", z.origin,
            store.fileOf(z.origin), io.wadns.text.ErrorText.of(e));
      }
      z.wholeZoneNext = false;
      refreshed(z, zone, now, true);
    }
    boolean incremental = t instanceof Transferred.Incremental;
    (incremental ? z.ixfr : z.axfr).increment();
    (incremental ? z.ixfrBytes : z.axfrBytes).add(f.bytes());
    (incremental ? z.ixfrNanos : z.axfrNanos).add(f.nanos());
    log.info("secondary zone {}: {}, {} bytes in {} messages, {} ms)", z.origin, what, f.bytes(), f.messages(),
        f.nanos() / 1_000_000);
  }

  /** A successful check: the timers start again, and a changed or revived zone is published. */
  private void refreshed(FollowedZone z, Zone zone, Instant now, boolean changed) {
    boolean revived = z.expired;
    z.refreshed = now;
    z.expiresAt = now.plus(RefreshTimers.of(ZoneUpdate.soaOf(zone)).expire());
    if (!changed) {
      try {
        store.touch(z.origin, now);
      } catch (IOException e) {
        log.debug("secondary zone {}: cannot mark the refresh on {}: {}", z.origin, store.fileOf(z.origin),
            e.toString());
      }
    }
    if (changed || revived) {
      synchronized (loading) {
        z.zone = zone;
        z.expired = false;
        publish();
      }
      if (revived) {
        log.info("secondary zone {}: refreshed, serial {} answered again", z.origin, zone.serial());
      }
    }
  }

  /** Swaps in the served secondary zones and publishes their health checks; holds {@code loading}. */
  private void publish() {
    List<Zone> list = new ArrayList<>();
    List<Name> failed = new ArrayList<>();
    List<CheckedAddress> checks = new ArrayList<>();
    for (FollowedZone z : zones.values()) {
      Zone zone = z.zone;
      if (zone != null && !z.expired) {
        list.add(zone);
        checks.addAll(zone.healthChecks());
      } else {
        failed.add(z.origin);
      }
    }
    served = new ZoneSet(list, failed);
    health.publish("secondary", checks);
  }

  /** {@code 192.0.2.1@53}, as Knot writes a remote. */
  static String display(InetSocketAddress a) {
    return a == null ? "?" : io.wadns.text.AddressText.of(a.getAddress()) + "@" + a.getPort();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
