package io.wadns.zone;

import io.wadns.health.CheckedAddress;
import io.wadns.health.HealthRegistry;
import io.wadns.zone.ReloadResult.Change;
import io.wadns.zone.ReloadResult.FileOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The zones of one folder, loaded at start and reloaded from disk on demand, published through one
 * reference that queries read without locks.
 *
 * <p>A reload parses only the files whose bytes changed (includes too), keeps serving the previous
 * version of a file that fails, builds a complete new {@link ZoneSet} and swaps it in with one
 * reference write: a query sees the old set or the new one, never a mix. When no zone changed, the
 * current set stays. Then it publishes the health checks of every served zone to the health
 * registry, so the monitor probes exactly those; state follows an address by its key, so a changed
 * zone is parsed once and its unchanged addresses keep their state.
 *
 * <p>Threading: {@link #current()} from any thread; loads and reloads are serialized on this object
 * and belong on a thread of their own, never a query thread.
 */
public final class ZoneReloader {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  private final Path dir;
  private final HealthRegistry health;
  private final ReloadStats stats = new ReloadStats();
  private final AtomicReference<ZoneSet> current = new AtomicReference<>(ZoneSet.empty());
  /** The zone served from each file; replaced whole under this object's lock. */
  private volatile Map<Path, LoadedZone> serving = Map.of();

  public ZoneReloader(Path dir, HealthRegistry health) {
    this.dir = dir;
    this.health = health;
  }

  /** The zones to answer from now; lock-free. */
  public ZoneSet current() {
    return current.get();
  }

  public ReloadStats stats() {
    return stats;
  }

  /** Every file the served zones were read from, includes too, for a watcher to follow. */
  public List<Path> sourceFiles() {
    List<Path> files = new ArrayList<>();
    for (LoadedZone z : serving.values()) {
      files.addAll(z.sources().digests().keySet());
    }
    return files;
  }

  /**
   * The first load, all or nothing as {@code serve} starts: on any problem nothing is served and
   * every problem is returned; otherwise the zones are current and their health trackers published.
   */
  public synchronized ZoneLoader.Result loadInitial() {
    List<ZoneProblem> problems = new ArrayList<>();
    List<Path> files = ZoneLoader.zoneFiles(dir, problems);
    Map<Name, LoadedZone> byOrigin = new HashMap<>();
    for (Path file : files) {
      LoadedZone z = ZoneLoader.load(file, problems, health.keys());
      if (z == null) {
        continue;
      }
      LoadedZone other = byOrigin.putIfAbsent(z.zone().origin(), z);
      if (other != null) {
        problems.add(ZoneLoader.duplicateOrigin(file, z.zone(), other.zone()));
      }
    }
    if (!problems.isEmpty()) {
      return new ZoneLoader.Result(null, List.copyOf(problems));
    }
    ZoneSet set = publish(byOrigin.values());
    return new ZoneLoader.Result(set, List.of());
  }

  /**
   * Reloads every zone of the folder from disk and swaps in the result; see the class comment. A
   * folder that cannot be listed or holds no zone file changes nothing (an unmounted volume must not
   * empty the server).
   */
  public synchronized ReloadResult reload() {
    long started = System.nanoTime();
    List<ZoneProblem> listing = new ArrayList<>();
    List<Path> files = ZoneLoader.zoneFiles(dir, listing);
    if (!listing.isEmpty()) {
      listing.forEach(p -> log.error("{}", p));
      stats.failed(dir.toString(), listing.get(0));
      stats.finished(false);
      ReloadResult result = new ReloadResult(List.of(), listing, stats.snapshot());
      log.warn("reload failed, every zone kept as it was: {}", listing.get(0));
      return result;
    }
    stats.loaded(dir.toString());
    Plan plan = new Plan();
    for (Path file : files) {
      plan.consider(file);
    }
    for (Path gone : serving.keySet()) {
      if (!plan.outcomes.containsKey(gone)) {
        plan.outcomes.put(gone, new FileOutcome(gone.toString(), Change.REMOVED, null, List.of()));
      }
    }
    plan.assignOrigins();
    publish(plan.byOrigin.values());
    return finish(plan, started);
  }

  /** Swaps in the zones, then publishes their health checks; returns the new set. */
  private ZoneSet publish(Iterable<LoadedZone> zones) {
    Map<Path, LoadedZone> byFile = new LinkedHashMap<>();
    List<Zone> list = new ArrayList<>();
    List<CheckedAddress> checks = new ArrayList<>();
    for (LoadedZone z : zones) {
      byFile.put(z.file(), z);
      list.add(z.zone());
      checks.addAll(z.zone().healthChecks());
    }
    ZoneSet set = current.get();
    if (!sameZones(set, list)) {
      set = new ZoneSet(list);
      current.set(set);
    }
    serving = Map.copyOf(byFile);
    health.publish(checks);
    return set;
  }

  private ReloadResult finish(Plan plan, long started) {
    List<FileOutcome> outcomes = new ArrayList<>(new TreeMap<>(plan.outcomes).values());
    List<ZoneProblem> problems = new ArrayList<>();
    for (FileOutcome f : outcomes) {
      switch (f.change()) {
        case FAILED -> {
          problems.addAll(f.problems());
          f.problems().forEach(p -> log.error("{}", p));
          stats.failed(f.file(), f.problems().get(0));
          log.warn("zone file {} not reloaded: {}", f.file(), f.zone() == null ? "nothing served from it"
              : "zone " + f.zone().origin() + " serial " + f.zone().serial() + " still served");
        }
        case ADDED, RELOADED -> {
          stats.loaded(f.file());
          log.info("{} zone {} serial {} ({} records) from {}", f.change() == Change.ADDED ? "added" : "reloaded",
              f.zone().origin(), f.zone().serial(), f.zone().recordCount(), f.file());
        }
        case REMOVED -> {
          stats.loaded(f.file());
          log.info("removed zone file {}: its zone is no longer served", f.file());
        }
        case UNCHANGED -> stats.loaded(f.file());
      }
    }
    stats.finished(problems.isEmpty());
    ReloadResult result = new ReloadResult(outcomes, problems, stats.snapshot());
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (result.ok()) {
      log.info("reload done in {} ms: {}", millis, result.summary());
    } else {
      log.warn("reload done in {} ms with problems: {}", millis, result.summary());
    }
    return result;
  }

  /** The decisions of one reload, file by file, before anything is published. */
  private final class Plan {
    final Map<Path, FileOutcome> outcomes = new LinkedHashMap<>();
    /** Zones that were served before and are again. */
    final List<LoadedZone> kept = new ArrayList<>();
    /** Newly parsed zones. */
    final List<LoadedZone> fresh = new ArrayList<>();
    final Map<Name, LoadedZone> byOrigin = new HashMap<>();

    /** Reuses an unchanged file, or parses and validates it. */
    void consider(Path file) {
      LoadedZone old = serving.get(file);
      if (old != null && old.sources().unchanged()) {
        kept.add(old);
        outcomes.put(file, new FileOutcome(file.toString(), Change.UNCHANGED, old.zone(), List.of()));
        return;
      }
      List<ZoneProblem> problems = new ArrayList<>();
      // Keys of a zone that fails are never published, so the next publish releases them.
      LoadedZone z = ZoneLoader.load(file, problems, health.keys());
      if (z == null) {
        fail(file, old, problems);
        return;
      }
      fresh.add(z);
      outcomes.put(file, new FileOutcome(file.toString(), old == null ? Change.ADDED : Change.RELOADED, z.zone(),
          List.of()));
    }

    /**
     * One file per origin, as at start. The file that already serves an origin keeps it; a new or
     * changed file claiming an origin another file serves fails, and its own old zone stays.
     */
    void assignOrigins() {
      for (LoadedZone z : kept) {
        byOrigin.put(z.zone().origin(), z);
      }
      List<LoadedZone> claimants = new ArrayList<>();
      for (LoadedZone z : fresh) {
        LoadedZone old = serving.get(z.file());
        if (old != null && old.zone().origin().equals(z.zone().origin())) {
          byOrigin.put(z.zone().origin(), z);
        } else {
          claimants.add(z);
        }
      }
      fresh.removeAll(claimants);
      for (LoadedZone z : claimants) {
        LoadedZone other = byOrigin.putIfAbsent(z.zone().origin(), z);
        if (other == null) {
          fresh.add(z);
        } else {
          fail(z.file(), serving.get(z.file()), List.of(ZoneLoader.duplicateOrigin(z.file(), z.zone(), other.zone())));
        }
      }
    }

    /** Records the failure; the old zone of the file, if any and if its origin is free, is kept. */
    private void fail(Path file, LoadedZone old, List<ZoneProblem> problems) {
      LoadedZone keep = old != null && byOrigin.getOrDefault(old.zone().origin(), old) == old ? old : null;
      if (keep != null) {
        byOrigin.put(keep.zone().origin(), keep);
        if (!kept.contains(keep)) {
          kept.add(keep);
        }
      }
      if (problems.isEmpty()) {
        problems = List.of(new ZoneProblem(file.toString(), 0, "not loaded"));
      }
      outcomes.put(file, new FileOutcome(file.toString(), Change.FAILED, keep == null ? null : keep.zone(), problems));
    }
  }

  /**
   * True when {@code set} holds exactly these zone instances: then it stays current, and what is
   * derived from the snapshot (the answer cache of the protocol layer) stays warm.
   */
  private static boolean sameZones(ZoneSet set, List<Zone> zones) {
    if (set.zones().size() != zones.size()) {
      return false;
    }
    Set<Zone> now = Collections.newSetFromMap(new IdentityHashMap<>());
    now.addAll(set.zones());
    return now.containsAll(zones);
  }
}
