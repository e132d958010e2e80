package io.wadns.secondary;

import io.wadns.health.CheckedAddress;
import io.wadns.health.HealthRegistry;
import io.wadns.protocol.LogLimiter;
import io.wadns.text.AddressText;
import io.wadns.tsig.TsigKeyring;
import io.wadns.dnssec.ForeignSignatures;
import io.wadns.dnssec.ZoneSigning;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The secondary side of a fleet: zones transferred from primaries (RFC 5936 AXFR, RFC 1995 IXFR),
 * kept in a store folder and served beside the primary zones. Each zone is checked at start, every
 * SOA REFRESH, every RETRY after a failure and at once on a NOTIFY from one of its primaries (RFC
 * 1996); it expires after EXPIRE without a successful check and is then answered SERVFAIL (RFC 1034
 * §4.3.5). A transferred version goes through the zone-file reader and builder like any zone file;
 * one that fails is neither stored nor served, and the version before goes on being served. A
 * catalog zone (RFC 9432) is followed like any secondary zone, and each of its members becomes a
 * secondary zone from the same primaries with the same key; a member that leaves is dropped.
 *
 * <p>Threading: checks run on two threads of their own, one at a time per zone ({@link Refresher}); a
 * third expires zones on time, every {@link #EXPIRY_SWEEP}, even while their check is stalled;
 * building and publishing a version, and changing the set of zones, hold {@code loading}, the lock the
 * zone reloads hold, because both give out health keys. Queries read the served set through one
 * volatile reference.
 */
public final class Secondary implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  /** How often the expiry timer looks at every zone: a zone expires this late at most. */
  static final Duration EXPIRY_SWEEP = Duration.ofSeconds(1);

  /** NOTIFY checks a zone at most this often. */
  static final Duration NOTIFY_INTERVAL = Duration.ofSeconds(1);

  /** Every zone followed, catalog members included: immutable, replaced under {@code loading}. */
  private volatile Map<Name, FollowedZone> zones;
  private final HealthRegistry health;
  private final Object loading;
  private final Clock clock;
  private final ZoneStore store;
  private final Refresher refresher;
  private final StoreWriter stored;
  private final ScheduledThreadPoolExecutor scheduler;
  /** Expires zones on time, whatever the checks are doing (a stalled transfer holds a check thread). */
  private final ScheduledThreadPoolExecutor expiry;
  private final NotifyReceiver notifyReceiver;
  private final LongAdder notifiesRefused = new LongAdder();
  /** NOTIFY lines: at most one a second, whoever sends them. */
  private final LogLimiter notifyLog = new LogLimiter();
  private volatile ServedZones.Secondaries served = ServedZones.Secondaries.NONE;
  /** Signs the secondary zones that have keys, as the zone files' ({@code --keys}); null when none are signed. */
  private volatile ZoneSigning signing;
  /** The zones of zone files (see {@link #served(Supplier)}): no catalog member may take over their names. */
  private volatile Supplier<ZoneSet> primaryZones = ZoneSet::empty;
  /** What queries are answered from, once {@link #served} made it: tells which secondary zones are hidden. */
  private volatile ServedZones servedZones;
  /** Members each catalog lists that are refused, logged once each; replaced under {@code loading}. */
  private final Map<Name, Set<Name>> refusedMembers = new HashMap<>();
  /** Checks are scheduled from {@link #start()} on. */
  private volatile boolean started;

  /** One zone to follow: its name, its primaries in order of preference, its TSIG key or null. */
  public record Followed(Name name, List<InetSocketAddress> primaries, Name key) {}

  /**
   * @param catalogs catalog zones (RFC 9432) whose members are followed from the same primaries
   * @param store the folder of the stored zones
   * @param limits the limits of zone files, which bound secondary zones too: {@code --max-records} and
   *     the addresses a HEALTHCHECK may have probed ({@code --health-allow})
   * @param loading the lock zone loads hold while they give out health keys
   */
  public Secondary(List<Followed> followed, List<Followed> catalogs, Path store, TsigKeyring keys,
      HealthRegistry health, Object loading, LoadLimits limits, Clock clock) {
    this(followed, catalogs, store, keys, health, loading, clock, TransferLimits.of(limits.maxRecords()), limits);
  }

  Secondary(List<Followed> followed, List<Followed> catalogs, Path store, TsigKeyring keys, HealthRegistry health,
      Object loading, Clock clock, TransferLimits limits, LoadLimits zoneLimits) {
    Map<Name, FollowedZone> map = new LinkedHashMap<>();
    for (Followed f : followed) {
      map.put(f.name(), new FollowedZone(f.name(), f.primaries(), f.key(), false, null));
    }
    for (Followed f : catalogs) {
      map.put(f.name(), new FollowedZone(f.name(), f.primaries(), f.key(), true, null));
    }
    this.zones = Map.copyOf(map);
    this.health = health;
    this.loading = loading;
    this.clock = clock;
    this.store = new ZoneStore(store, zoneLimits.withMaxRecords(limits.maxRecords()));
    this.stored = new StoreWriter(this.store, origin -> zones.containsKey(origin));
    this.refresher = new Refresher(this.store, stored, new TransferClient(limits, TransferClient.IDLE, keys.clock()),
        keys, health.keys(), loading, clock, this::publish, this::catalogChanged, this::firstVersionServed);
    this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "wadns-secondary");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    this.expiry = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "wadns-secondary-expiry");
      t.setDaemon(true);
      return t;
    });
    this.notifyReceiver = new NotifyReceiver(() -> zones, keys);
  }

  /** Loads every stored zone (served at once, even with every primary down), then checks each zone. */
  public void start() {
    loadStore();
    started = true;
    for (FollowedZone z : zones.values()) {
      schedule(z, Duration.ZERO);
    }
    expiry.scheduleWithFixedDelay(this::expireDue, EXPIRY_SWEEP.toMillis(), EXPIRY_SWEEP.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Expires every zone whose EXPIRE has passed (RFC 1034 §4.3.5), checks stalled or not. */
  private void expireDue() {
    for (FollowedZone z : zones.values()) {
      try {
        refresher.expireIfDue(z);
      } catch (Throwable e) { // a periodic task that throws is never run again
        log.error("secondary zone {}: cannot evaluate its expiry: {}", z.origin, e.toString(), e);
      }
    }
  }

  /** Serves every zone the store holds a usable copy of, the members of stored catalogs included. */
  void loadStore() {
    store.clearStaged();
    int largest = 0;
    synchronized (loading) {
      for (FollowedZone z : zones.values()) {
        largest = Math.max(largest, loadStored(z));
      }
      for (FollowedZone z : zones.values()) {
        if (z.isCatalog && z.zone != null) {
          catalogChanged(z);
        }
      }
      publish();
    }
    firstVersionServed(largest);
  }

  /** Serves the stored copy of {@code z} if it is usable; returns its record count, else 0. */
  private int loadStored(FollowedZone z) {
    FileLoad load = store.read(z.origin, health.keys());
    if (load == null) {
      log.info("secondary zone {}: nothing stored in {} yet, transferring it", z.origin, store.folder());
      return 0;
    }
    if (!load.ok() || !load.zone().origin().equals(z.origin)) {
      load.problems().forEach(p -> log.warn("{}", p));
      log.warn("secondary zone {}: the stored copy {} is not usable{}; transferring it anew", z.origin, load.file(),
          load.ok() ? " (it holds zone " + load.zone().origin() + ")" : "");
      return 0;
    }
    Instant refreshed = store.refreshed(z.origin);
    Instant now = clock.instant();
    z.zone = load.zone();
    z.refreshed = refreshed;
    z.expiresAt = (refreshed == null ? now : refreshed).plus(RefreshTimers.of(ZoneUpdate.soaOf(load.zone())).expire());
    z.expired = !now.isBefore(z.expiresAt);
    log.info("secondary zone {}: serial {} loaded from {}{}", z.origin, load.zone().serial(), load.file(),
        z.expired ? ", but expired at " + z.expiresAt + " (answered SERVFAIL until a primary answers)" : "");
    return load.zone().recordCount();
  }

  /**
   * What queries are answered from: the zones {@code primary} gives, and the secondary zones served
   * (an expired one, or one never transferred, answers SERVFAIL). See {@link ServedZones}. The zones
   * of {@code primary} are also those no catalog member may be at, above or below.
   */
  public Supplier<ZoneSet> served(Supplier<ZoneSet> primary) {
    this.primaryZones = primary;
    ServedZones zones = new ServedZones(primary, () -> served);
    this.servedZones = zones;
    return zones;
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
    FollowedZone z = v.zone();
    z.notifies.increment();
    Zone held = z.zone;
    if (v.serial() >= 0 && held != null && !z.expired && !Serials.greater(v.serial(), held.serial())) {
      // RFC 1996 §3.7: the SOA it carries is not newer than ours: nothing to fetch (acknowledged all the same).
      if (notifyLog.permit()) {
        log.info("NOTIFY of secondary zone {} from {}: serial {}, ours is {}; nothing to check", z.origin,
            display(client), v.serial(), held.serial());
      }
      return v.reply();
    }
    Duration wait;
    synchronized (z) {
      if (z.running) {
        // Checked once more right after the running check; scheduling now would be undone by its end.
        z.again = true;
        if (notifyLog.permit()) {
          log.info("NOTIFY of secondary zone {} from {}: checking it after the check under way", z.origin,
              display(client));
        }
        return v.reply();
      }
      wait = sinceLastCheck(z);
    }
    if (notifyLog.permit()) { // a flood (forged unsigned ones too) makes a line a second, not one a packet
      log.info("NOTIFY of secondary zone {} from {}: checking it {}", z.origin, display(client),
          wait.isZero() ? "now" : "in " + wait.toMillis() + " ms");
    }
    schedule(z, wait);
    return v.reply();
  }

  /** Each zone's state and counters, for metrics. */
  public List<SecondaryZoneState> state() {
    ServedZones answering = servedZones;
    Set<Name> hidden = answering == null ? Set.of() : answering.hidden();
    return zones.values().stream().map(z -> z.state(hidden.contains(z.origin))).toList();
  }

  /** NOTIFY messages refused: not from a primary of a followed zone, or not signed as it must be. */
  public long notifiesRefused() {
    return notifiesRefused.sum();
  }

  FollowedZone zone(Name origin) {
    return zones.get(origin);
  }

  /** One check of {@code z} now, on the calling thread; returns when the next one is due. */
  Duration check(FollowedZone z) {
    return refresher.check(z);
  }

  // ---- scheduling

  private void schedule(FollowedZone z, Duration delay) {
    synchronized (z) {
      if (!started || scheduler.isShutdown() || zones.get(z.origin) != z) {
        return; // not started, stopping, or a member that left its catalog
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
      z.lastCheck = System.nanoTime();
    }
    Duration next = null;
    try {
      next = refresher.check(z);
    } catch (Throwable e) {
      // Anything at all, an OutOfMemoryError from a huge transfer included: that check failed, the
      // zone stays scheduled (else it would never be checked nor expire again) and the server lives on.
      log.error("secondary zone {}: the check failed: {}", z.origin, e.toString(), e);
    } finally {
      synchronized (z) {
        z.running = false;
        boolean again = z.again;
        z.again = false;
        schedule(z, again ? sinceLastCheck(z) : next != null ? next : afterFailure(z));
      }
    }
  }

  /**
   * How long a check asked for by NOTIFY waits: until {@link #NOTIFY_INTERVAL} after the last one began.
   * Unsigned NOTIFY can come with a forged source: a flood of them makes one check per interval, not one
   * transfer request to the primary per packet (RFC 1996 §4.3 lets a secondary coalesce), whether or not
   * a check is under way when they arrive. Called holding {@code z}'s lock.
   */
  private static Duration sinceLastCheck(FollowedZone z) {
    long since = System.nanoTime() - z.lastCheck;
    return z.lastCheck == 0 || since >= NOTIFY_INTERVAL.toNanos() ? Duration.ZERO : NOTIFY_INTERVAL.minusNanos(since);
  }

  /** When to check again after a check that threw: as after a failed refresh. */
  private static Duration afterFailure(FollowedZone z) {
    try {
      Zone held = z.zone;
      return held == null ? RefreshTimers.bootstrapRetry(++z.bootstrapFailures)
          : RefreshTimers.of(ZoneUpdate.soaOf(held)).retry();
    } catch (RuntimeException e) {
      return RefreshTimers.MAX_BOOTSTRAP_RETRY;
    }
  }

  // ---- the served set and catalog members (holding loading)

  /**
   * Serves every secondary zone with an active key in {@code signing}'s folder signed, each version
   * signed before it is published, as the zone files are: each server of a fleet signs with the same
   * keys, so its own health view and weighted picks are signed where they are answered.
   */
  public Secondary signedWith(ZoneSigning signing) {
    this.signing = signing;
    return this;
  }

  /**
   * Runs {@code settle} (a collection that gives back the heap, see {@code HeapSettling}) once zones' first
   * versions of {@link #SETTLE_FROM_RECORDS} records or more have been served (read from the store, or
   * transferred): a secondary's start, or a zone newly followed. Loading them grew the heap (messages, a
   * growing draft, the zone text written to the store), and an idle JVM keeps that heap: a secondary of a
   * 1,000,000-record zone held 380 MB (PSS) a minute after its transfer, and 204 MB after one full
   * collection. It runs a second after the last such version, and not while the first transfer of another
   * zone is under way (for at most {@link #SETTLE_WAITS} seconds more), so that a start with several big zones
   * pauses once rather than once per zone, and never in the middle of a transfer. Later versions replace
   * one of their own size, and are left to the collector.
   */
  public Secondary settleHeapWith(Runnable settle) {
    return settleHeapWith(settle, SETTLE_FROM_RECORDS, 1000);
  }

  /** As {@link #settleHeapWith(Runnable)}, from {@code fromRecords} records, {@code delayMillis} after. */
  Secondary settleHeapWith(Runnable settle, int fromRecords, long delayMillis) {
    this.heapSettling = new HeapSettling(settle, fromRecords, delayMillis);
    return this;
  }

  /** Zones of fewer records make too little garbage for a collection to be worth its pause. */
  static final int SETTLE_FROM_RECORDS = 100_000;
  /** Delays a settling waits for first transfers under way, at most: ten minutes at the unit's delay. */
  static final int SETTLE_WAITS = 600;

  private record HeapSettling(Runnable settle, int fromRecords, long delayMillis) {}

  private volatile HeapSettling heapSettling;
  private final Object settlingLock = new Object();
  /** The settling to come, if any; guarded by {@link #settlingLock}. */
  private java.util.concurrent.ScheduledFuture<?> settling;

  /** A zone's first version, of {@code records} records, is served (see {@link #settleHeapWith}). */
  void firstVersionServed(int records) {
    HeapSettling h = heapSettling;
    if (h == null || records < h.fromRecords()) {
      return;
    }
    synchronized (settlingLock) {
      if (settling != null) {
        settling.cancel(false); // one already running gives back what it can; this one follows it
      }
      settleLater(h, 0);
    }
  }

  /** Schedules {@code h} one delay from now, the {@code waited}-th time it is put off. */
  private void settleLater(HeapSettling h, int waited) {
    try {
      settling = scheduler.schedule(() -> settleUnlessTransferring(h, waited), h.delayMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      settling = null; // stopping: nothing to give back for
    }
  }

  private void settleUnlessTransferring(HeapSettling h, int waited) {
    synchronized (settlingLock) {
      if (refresher.firstTransfersUnderWay() > 0 && waited < SETTLE_WAITS) {
        settleLater(h, waited + 1);
        return;
      }
      settling = null;
    }
    h.settle().run();
  }

  /** Signs again the secondary zones whose signatures near expiry or whose keys changed; a timer calls it. */
  public void resignDue() {
    ZoneSigning s = signing;
    if (s == null) {
      return;
    }
    synchronized (loading) {
      ZoneSigning.Pass pass = s.pass();
      boolean due = false;
      for (FollowedZone z : zones.values()) {
        due |= z.signed != null && pass.due(z.signed) || z.zone != null && z.signed == null && pass.due(z.zone);
      }
      if (due) {
        publish();
      }
    }
  }

  /**
   * What is served of {@code z}'s version: signed when it has keys (made again only for a new version,
   * or when due); its previous signed version when its keys cannot be read now; null when there is
   * nothing that may be served (a zone with broken keys and no signed version answers SERVFAIL).
   */
  private Zone servedVersion(FollowedZone z, Zone zone, ZoneSigning.Pass pass) {
    if (pass == null) {
      return withForeignSignatures(z, zone);
    }
    if (z.signedFrom == zone && z.signed != null && !pass.due(z.signed)) {
      return z.signed;
    }
    ZoneSigning.Result r = pass.sign(zone);
    if (!r.ok()) {
      r.problems().forEach(p -> log.error("{}", p));
      log.error("secondary zone {} serial {} not served: its keys cannot be read{}", z.origin, zone.serial(),
          z.signed != null ? "; serial " + z.signed.serial() + " stays" : "");
      return z.signed;
    }
    z.signed = withForeignSignatures(z, r.zone());
    z.signedFrom = zone;
    return z.signed;
  }

  /**
   * {@code zone} as served when no key here signs it: with the signatures it was transferred with, if it
   * has a servable set of them, else as it is. Worked out, and warned of, once per version.
   */
  private static Zone withForeignSignatures(FollowedZone z, Zone zone) {
    if (z.foreignFrom != zone) {
      ForeignSignatures.Served served = ForeignSignatures.serve(zone, Instant.now());
      if (served.warning() != null) {
        log.warn("secondary {}", served.warning());
      }
      z.foreignFrom = zone;
      z.foreignServed = served.zone();
    }
    return z.foreignServed;
  }

  /** Swaps in the served secondary zones and publishes their health checks. */
  private void publish() {
    List<Zone> list = new ArrayList<>();
    List<Name> failed = new ArrayList<>();
    List<CheckedAddress> checks = new ArrayList<>();
    ZoneSigning s = signing;
    ZoneSigning.Pass pass = s == null ? null : s.pass();
    for (FollowedZone z : zones.values()) {
      Zone zone = z.zone;
      if (zone != null && !z.expired) {
        zone = servedVersion(z, zone, pass);
      }
      if (zone != null && !z.expired) {
        list.add(zone);
        checks.addAll(zone.healthChecks());
      } else {
        failed.add(z.origin);
      }
    }
    Set<Name> members = new HashSet<>();
    zones.values().stream().filter(z -> z.memberOf != null).forEach(z -> members.add(z.origin));
    served = new ServedZones.Secondaries(new ZoneSet(list, failed), Set.copyOf(members));
    health.publish("secondary", checks);
  }

  /**
   * A catalog zone has a new version (RFC 9432 §5): members it lists now and we do not follow become
   * secondary zones from its primaries with its key, loaded from the store when a copy is there;
   * members it no longer lists are dropped with their stored copy, and so is a member whose ID changed,
   * which is then followed anew from nothing (§5.5: a reset). A zone of the configuration or of another
   * catalog is not taken over, nor are names at, above or below them; a zone another catalog also lists
   * is taken up by it when this one drops it. Called under the loading lock.
   */
  private void catalogChanged(FollowedZone catalog) {
    catalogChanged(catalog, true);
  }

  private void catalogChanged(FollowedZone catalog, boolean others) {
    CatalogMembers members = CatalogMembers.of(catalog.zone);
    members.problems().forEach(p -> log.warn("{}", p));
    if (!members.usable()) {
      return;
    }
    Map<Name, FollowedZone> next = new LinkedHashMap<>(zones);
    List<FollowedZone> added = new ArrayList<>();
    List<FollowedZone> removed = new ArrayList<>();
    Set<Name> reset = new HashSet<>(); // dropped and followed anew at once: a new member ID
    Set<Name> allowed = new LinkedHashSet<>();
    Set<Name> refused = new HashSet<>();
    Set<Name> logged = refusedMembers.getOrDefault(catalog.origin, Set.of());
    Takeovers ours = new Takeovers(ownZones());
    Takeovers otherCatalogs = new Takeovers(zones.values().stream()
        .filter(z -> z.memberOf != null && !z.memberOf.equals(catalog.origin)).map(z -> z.origin).toList());
    int elsewhere = 0;
    FollowedZone firstElsewhere = null;
    for (Map.Entry<Name, Name> e : members.memberIds().entrySet()) {
      Name m = e.getKey();
      FollowedZone other = next.get(m);
      String why = ours.of(m);
      if (why == null && other == null) {
        // A member of another catalog (another primary, perhaps) is not answered around or inside either
        why = otherCatalogs.of(m);
        why = why == null ? null : why.replace("of this server", "of another catalog");
      }
      if (why != null) {
        refused.add(m);
        if (!logged.contains(m)) {
          log.warn("catalog {} lists {}, which is {}: not followed", catalog.origin, m, why);
        }
        continue;
      }
      allowed.add(m);
      if (other == null) {
        FollowedZone z = new FollowedZone(m, catalog.primaries, catalog.key, false, catalog.origin, e.getValue());
        next.put(m, z);
        added.add(z);
      } else if (!catalog.origin.equals(other.memberOf)) {
        if (elsewhere++ == 0) {
          firstElsewhere = other;
        }
      } else if (!e.getValue().equals(other.memberId)) {
        // RFC 9432 §5.5: a new member ID for the zone resets it: its data and state go, it is fetched anew
        log.info("secondary zone {}: its member ID in catalog {} is now {} (was {}): reset", m, catalog.origin,
            e.getValue(), other.memberId);
        removed.add(other);
        reset.add(m);
        FollowedZone z = new FollowedZone(m, catalog.primaries, catalog.key, false, catalog.origin, e.getValue());
        next.put(m, z);
        added.add(z);
      }
    }
    if (elsewhere > 0) {
      // One line per version, not one per member: two catalogs listing the same 10,000 zones.
      log.warn("catalog {} lists {} {} already followed as members of another catalog (the first {}, of catalog"
          + " {}): left as {} are", catalog.origin, elsewhere, elsewhere == 1 ? "zone" : "zones",
          firstElsewhere.origin, firstElsewhere.memberOf, elsewhere == 1 ? "it" : "they");
    }
    Set<Name> gone = new HashSet<>(); // dropped for good (a catalog may drop thousands in one version)
    for (FollowedZone z : zones.values()) {
      if (catalog.origin.equals(z.memberOf) && !allowed.contains(z.origin)) {
        next.remove(z.origin);
        removed.add(z);
        gone.add(z.origin);
      }
    }
    refusedMembers.put(catalog.origin, refused);
    if (added.isEmpty() && removed.isEmpty()) {
      return;
    }
    zones = Map.copyOf(next);
    for (FollowedZone z : removed) { // first, so that a reset zone starts from no stored copy
      z.dropped = true;
      synchronized (z) {
        if (z.next != null) {
          z.next.cancel(false);
        }
      }
      try {
        stored.superseding(z.origin, () -> store.deleteUnsynced(z.origin));
      } catch (IOException e) {
        log.warn("cannot delete {}: {}", store.fileOf(z.origin), io.wadns.text.ErrorText.of(e));
      }
      if (gone.contains(z.origin)) {
        log.info("secondary zone {}: no longer a member of catalog {}; dropped", z.origin, catalog.origin);
      }
    }
    if (!removed.isEmpty()) {
      store.syncFolder(); // once, not once per file: a catalog may drop thousands of members in one version
    }
    for (FollowedZone z : added) {
      log.info("secondary zone {}: a member of catalog {} now, followed from {}", z.origin, catalog.origin,
          z.primaries.stream().map(Secondary::display).toList());
      if (!reset.contains(z.origin)) {
        loadStored(z);
      }
      schedule(z, Duration.ZERO);
    }
    publish();
    if (others && !gone.isEmpty()) {
      // A zone this catalog dropped that another catalog lists is that catalog's now (RFC 9432 §5.4: a
      // zone moves between catalogs this way): read the other catalogs again, once.
      for (FollowedZone c : zones.values()) {
        if (c.isCatalog && c != catalog && c.zone != null) {
          CatalogMembers theirs = CatalogMembers.of(c.zone);
          if (theirs.usable() && gone.stream().anyMatch(theirs.members()::contains)) {
            catalogChanged(c, false);
          }
        }
      }
    }
  }

  /**
   * The zones a catalog member may not be at, above or below: those of zone files (served or failed)
   * and those the configuration follows, catalogs included.
   */
  private List<Name> ownZones() {
    List<Name> out = new ArrayList<>();
    ZoneSet files = primaryZones.get();
    files.zones().forEach(z -> out.add(z.origin()));
    out.addAll(files.failed());
    zones.values().stream().filter(z -> z.memberOf == null).forEach(z -> out.add(z.origin));
    return out;
  }

  /** {@code 192.0.2.1@53}, as Knot writes a remote. */
  static String display(InetSocketAddress a) {
    return a == null ? "?" : AddressText.of(a.getAddress()) + "@" + a.getPort();
  }

  @Override
  public void close() {
    expiry.shutdownNow();
    scheduler.shutdownNow();
    try {
      // A check under way may still serve a version: let it end (a transfer is interrupted) before the
      // versions served and not yet stored are written.
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stored.close();
  }
}
