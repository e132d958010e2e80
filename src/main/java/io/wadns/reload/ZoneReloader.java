package io.wadns.reload;

import io.wadns.health.CheckedAddress;
import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult.Change;
import io.wadns.reload.ReloadResult.FileOutcome;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.dnssec.ForeignSignatures;
import io.wadns.dnssec.KeyProblem;
import io.wadns.dnssec.ZoneSigning;
import io.wadns.zonefile.ListedFile;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import io.wadns.zonefile.ZoneProblem;
import io.wadns.zonefile.ZoneSources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The zones of one folder, loaded at start and reloaded from disk on demand, published through one
 * reference that queries read without locks.
 *
 * <p>Every zone file stands alone, at start as on reload: a file with errors costs only its own
 * zone. On reload, its previous version keeps serving; a zone with no previous version answers
 * SERVFAIL (as in Knot and NSD), the other zones are served. A reload parses only the files whose
 * bytes changed (includes too), builds a complete new {@link ZoneSet} and swaps it in with one
 * reference write: a query sees the old set or the new one, never a mix. When nothing changed, the
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
  private final LoadLimits limits;
  /** Reads one file; a seam for tests that need a load to fail in ways files cannot make it. */
  private final Loader loader;
  private final ReloadStats stats = new ReloadStats();
  private final AtomicReference<ZoneSet> current = new AtomicReference<>(ZoneSet.empty());
  /** The zone served from each file; replaced whole under this object's lock. */
  private volatile Map<Path, FileLoad> serving = Map.of();
  /** Zones are served from elsewhere too (secondary zones): an empty folder is not an error. */
  private volatile boolean mayBeEmpty;
  /** Whether a served file was read before it had settled, so that {@link #settle} has work; under this lock. */
  private boolean unsettled;
  /** Signs the zones that have keys ({@code --keys}); null when zones are served unsigned. */
  private volatile ZoneSigning signing;

  /** Includes confined to {@code dir}, the default limits. */
  public ZoneReloader(Path dir, HealthRegistry health) {
    this(dir, health, LoadLimits.confinedTo(dir, List.of()));
  }

  public ZoneReloader(Path dir, HealthRegistry health, LoadLimits limits) {
    this(dir, health, limits, (file, l, read) -> ZoneLoader.load(file, health.keys(), l, read));
  }

  /**
   * Loads one zone file; {@code read} holds its digests taken just before, never null, and its bytes when
   * that read kept them.
   */
  interface Loader {
    FileLoad load(Path file, LoadLimits limits, ZoneSources.Read read);
  }

  ZoneReloader(Path dir, HealthRegistry health, LoadLimits limits, Loader loader) {
    this.dir = dir;
    this.health = health;
    this.limits = limits;
    this.loader = loader;
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
    for (FileLoad z : serving.values()) {
      files.addAll(z.sources().digests().keySet());
    }
    return files;
  }

  /**
   * The first load: every zone file on its own. The result tells which files loaded and which
   * failed; the caller decides whether that is enough to serve ({@code serve --strict} wants all).
   */
  public synchronized ReloadResult loadInitial() {
    return load(true);
  }

  /**
   * Reloads every zone of the folder from disk and swaps in the result; see the class comment. A
   * folder that cannot be listed or holds no zone file changes nothing (an unmounted volume must not
   * empty the server).
   */
  public synchronized ReloadResult reload() {
    return load(false, false);
  }

  /**
   * As {@link #reload()}, but a changed file of a served zone is swapped in only when its SOA serial
   * increased: what {@code --watch} asks for, so that a file saved halfway, or edited without a new
   * serial, is not served. New and removed files are handled as by {@link #reload()}.
   */
  public synchronized ReloadResult reloadNewSerials() {
    return load(false, true);
  }

  private ReloadResult load(boolean initial) {
    return load(initial, false);
  }

  /**
   * The server serves zones from elsewhere too (secondary zones): a folder with no zone file, while
   * no zone of it is served, is a folder of no zones, not a failure. A folder that empties while it
   * serves zones still changes nothing (an unmounted volume must not empty the server).
   */
  public ZoneReloader mayBeEmpty() {
    mayBeEmpty = true;
    return this;
  }

  /**
   * Serves every zone with an active key in {@code signing}'s folder signed: each new version is signed
   * before it is published, and a zone served unchanged is signed again when {@link #resignDue()} (or a
   * reload) finds its signatures near expiry or its keys changed.
   */
  public ZoneReloader signedWith(ZoneSigning signing) {
    this.signing = signing;
    return this;
  }

  /**
   * Signs again every served zone whose signatures near their expiry or whose keys changed (a key file
   * added, removed or edited, a key timing passed), without reading the zone files: a timer calls it.
   * Nothing happens for zones that are not due; a zone whose keys are now broken keeps its version.
   */
  public synchronized ReloadResult resignDue() {
    ZoneSigning s = signing;
    if (s == null) {
      return new ReloadResult(List.of(), List.of(), stats.snapshot(), Map.of());
    }
    ZoneSigning.Pass pass = s.pass();
    List<FileLoad> all = new ArrayList<>();
    List<FileOutcome> outcomes = new ArrayList<>();
    boolean changed = false;
    for (FileLoad z : serving.values()) {
      FileLoad again = pass.due(z.zone()) ? resign(pass, z) : null;
      if (again == null) {
        all.add(z);
        continue;
      }
      all.add(again);
      changed = true;
      outcomes.add(new FileOutcome(z.file().toString(), Change.RESIGNED, again.zone(), List.of()));
    }
    if (changed) {
      publish(all, current.get().failed(), List.of());
    }
    return new ReloadResult(outcomes, List.of(), stats.snapshot(), Map.of());
  }

  /**
   * Reads again, without loading them, the served files that were read too soon after they were written for
   * their stamps to be trusted (within two seconds: see ZoneSources), once they have settled: the next
   * reload then knows them unchanged from one {@code stat} each instead of reading them all again (10,000
   * zones copied into place just before a start, or rewritten by a deployment just before a reload). What is
   * served does not change: a file found changed since its load is left to the next reload. A timer calls
   * this; it returns at once when nothing awaits, and stops between two files once {@code yield} says a
   * reload is waiting (which reads what it needs itself): the rest waits for the next pass.
   *
   * @return how many files are now known from their stamps
   */
  public synchronized int settle(java.util.function.BooleanSupplier yield) {
    if (!unsettled) {
      return 0;
    }
    boolean waiting = false;
    Map<Path, FileLoad> next = null;
    int settled = 0;
    int read = 0;
    for (FileLoad z : serving.values()) {
      ZoneSources sources = z.sources();
      if (!sources.awaitsSettling()) {
        continue;
      }
      if (!sources.settlesOnAnotherRead() || yield.getAsBoolean()) {
        waiting = true; // still too young (a read now would not settle it), or a reload goes first
        continue;
      }
      read++;
      ZoneSources again = ZoneSources.read(z.file(), limits, sources);
      if (!again.sameAs(sources)) {
        continue; // changed since its load: the next reload reads it in any case
      }
      if (next == null) {
        next = new LinkedHashMap<>(serving);
      }
      next.put(z.file(), z.withSources(again));
      if (again.awaitsSettling()) {
        waiting = true;
      } else {
        settled++;
      }
    }
    if (next != null) {
      serving = Collections.unmodifiableMap(next); // as publish leaves it: made here, changed nowhere
    }
    unsettled = waiting;
    if (read > 0) {
      log.debug("read {} recently written zone files again: {} now known from their stamps{}", read, settled,
          waiting ? ", more at the next pass" : "");
    }
    return settled;
  }

  /** What the served files of {@code file} were found to be at their last read; for tests. */
  ZoneSources sourcesOf(Path file) {
    FileLoad z = serving.get(file);
    return z == null ? null : z.sources();
  }

  /** {@code load} with its zone signed when it has keys, or failed with its key problems. */
  private static FileLoad signed(ZoneSigning.Pass pass, FileLoad load) {
    if (!load.ok()) {
      return load;
    }
    ZoneSigning.Result r = pass.sign(load.zone());
    if (r.ok()) {
      return new FileLoad(load.file(), r.zone(), load.origin(), load.soaLine(), load.sources(), load.problems());
    }
    List<ZoneProblem> problems = new ArrayList<>(load.problems());
    for (KeyProblem k : r.problems()) {
      problems.add(new ZoneProblem(k.file(), k.line(), k.message()));
    }
    return new FileLoad(load.file(), null, load.origin(), load.soaLine(), load.sources(), problems);
  }

  /**
   * {@code load} served with the signatures it was signed with elsewhere when it has them and no key here
   * signs it, and with a warning when they are incomplete or cannot be served (ForeignSignatures).
   */
  private static FileLoad withForeignSignatures(FileLoad load) {
    if (!load.ok()) {
      return load;
    }
    ForeignSignatures.Served served = ForeignSignatures.serve(load.zone(), Instant.now());
    if (served.zone() == load.zone() && served.warning() == null) {
      return load;
    }
    List<ZoneProblem> problems = new ArrayList<>(load.problems());
    if (served.warning() != null) {
      problems.add(ZoneProblem.warning(load.file().toString(), 0, served.warning()));
    }
    return new FileLoad(load.file(), served.zone(), load.origin(), load.soaLine(), load.sources(), problems);
  }

  /** The served {@code old} signed again, or null (it stays) when its keys are now broken. */
  private static FileLoad resign(ZoneSigning.Pass pass, FileLoad old) {
    ZoneSigning.Result r = pass.sign(old.zone());
    if (!r.ok()) {
      r.problems().forEach(p -> log.error("{}", p));
      log.error("zone {} keeps its signed version: its keys cannot be read now", old.zone().origin());
      return null;
    }
    // A zone whose keys are gone is served with the signatures it came with, if it has its own.
    Zone served = ForeignSignatures.serve(r.zone(), Instant.now()).zone();
    return new FileLoad(old.file(), served, old.origin(), old.soaLine(), old.sources(), List.of());
  }

  private ReloadResult load(boolean initial, boolean newSerialsOnly) {
    long started = System.nanoTime();
    List<ZoneProblem> listing = new ArrayList<>();
    List<ListedFile> listed = ZoneLoader.listZoneFiles(dir, listing);
    if (mayBeEmpty && listed.isEmpty() && current.get().size() == 0) {
      listing.removeIf(p -> p.message().equals(ZoneLoader.NO_ZONE_FILES));
    }
    List<ZoneProblem> listingErrors = listing.stream().filter(ZoneProblem::isError).toList();
    if (!listingErrors.isEmpty()) {
      listing.forEach(p -> log.error("{}", p));
      stats.failed(dir.toString(), listingErrors.get(0));
      if (!initial) {
        stats.finished(false);
      }
      ReloadResult result = new ReloadResult(List.of(), listing, stats.snapshot(), Map.of());
      log.warn("{} failed, every zone kept as it was: {}", initial ? "loading zones" : "reload",
          listingErrors.get(0));
      return result;
    }
    stats.loaded(dir.toString());
    Plan plan = new Plan(newSerialsOnly);
    try {
      List<Reading> readings = readChanged(listed);
      for (int i = 0; i < listed.size(); i++) {
        plan.consider(listed.get(i).path(), readings.get(i));
      }
    } catch (OutOfMemoryError e) {
      // Nothing is published yet: drop what was read and keep every zone as it was. A load that ran
      // out of memory must never look like a success (the heap is too small for the zones).
      plan = null;
      ZoneProblem problem = new ZoneProblem(dir.toString(), 0, "out of memory while "
          + (initial ? "loading" : "reloading") + " the zones; every zone kept as it was (give the JVM more heap)");
      log.error("{}", problem);
      stats.failed(dir.toString(), problem);
      if (!initial) {
        stats.finished(false);
      }
      return new ReloadResult(List.of(), List.of(problem), stats.snapshot(), Map.of());
    }
    // Every served file listed again (and no two listed files one path, as a case-blind file system could
    // make them): none is gone, and 10,000 lookups are spared.
    if (plan.servedAgain != serving.size() || plan.outcomes.size() != listed.size()) {
      for (Path gone : serving.keySet()) {
        if (!plan.outcomes.containsKey(gone)) {
          plan.outcomes.put(gone, new FileOutcome(gone.toString(), Change.REMOVED, null, List.of()));
          plan.removed = true;
        }
      }
    }
    plan.assignOrigins();
    publish(plan.byOrigin.values(), plan.failingOrigins().values(), plan.fresh);
    return finish(plan, listed, listing, started, initial);
  }

  /**
   * Swaps in the zones, then publishes their health checks; returns the new set. {@code fresh} are the zones
   * among them loaded anew, looked for first: when one is not in the current set, the other 10,000 need not
   * be looked up to know the set changed.
   */
  private ZoneSet publish(Iterable<FileLoad> zones, java.util.Collection<Name> failed, List<FileLoad> fresh) {
    Map<Path, FileLoad> byFile = new LinkedHashMap<>();
    List<Zone> list = new ArrayList<>();
    List<CheckedAddress> checks = new ArrayList<>();
    for (FileLoad z : zones) {
      byFile.put(z.file(), z);
      list.add(z.zone());
      checks.addAll(z.zone().healthChecks());
    }
    ZoneSet set = current.get();
    Set<Name> failedOrigins = new LinkedHashSet<>(failed);
    boolean freshServed = true;
    for (FileLoad z : fresh) {
      freshServed &= set.holds(z.zone());
    }
    if (!freshServed || !sameZones(set, list) || !set.failed().equals(failedOrigins)) {
      set = new ZoneSet(list, failedOrigins);
      current.set(set);
    }
    serving = Collections.unmodifiableMap(byFile); // made here, changed nowhere
    boolean awaiting = false;
    for (FileLoad z : byFile.values()) {
      if (z.sources().awaitsSettling()) {
        awaiting = true;
        break;
      }
    }
    unsettled = awaiting;
    health.publish(checks);
    return set;
  }

  private ReloadResult finish(Plan plan, List<ListedFile> listed, List<ZoneProblem> listing, long started,
      boolean initial) {
    // In file order: the listing's order already, but for the removed files that follow it.
    List<Map.Entry<Path, FileOutcome>> byFile = new ArrayList<>(plan.outcomes.entrySet());
    if (plan.removed) {
      byFile.sort(Map.Entry.comparingByKey());
    }
    List<FileOutcome> outcomes = new ArrayList<>(byFile.size());
    byFile.forEach(e -> outcomes.add(e.getValue()));
    List<ZoneProblem> problems = new ArrayList<>(listing);
    int failures = 0;
    for (FileOutcome f : outcomes) {
      problems.addAll(f.problems());
      if (f.change() == Change.FAILED) {
        failures++;
        stats.failed(f.file(), f.problems().stream().filter(ZoneProblem::isError).findFirst()
            .orElse(f.problems().get(0)));
      } else {
        stats.loaded(f.file());
      }
    }
    // A file that failed, was never served and is now gone has no outcome above: its error goes too.
    if (stats.failingFiles() > failures) {
      Set<String> present = new java.util.HashSet<>();
      listed.forEach(l -> present.add(l.path().toString()));
      plan.outcomes.keySet().forEach(p -> present.add(p.toString()));
      stats.forgetAllBut(present);
    }
    ReloadResult result = new ReloadResult(outcomes, problems, stats.snapshot(), plan.failing);
    if (initial) {
      return result; // the caller reports the first load: it decides whether to serve at all
    }
    stats.finished(failures == 0);
    result = new ReloadResult(outcomes, problems, stats.snapshot(), plan.failing);
    listing.forEach(p -> log.warn("{}", p));
    for (FileOutcome f : outcomes) {
      logOutcome(f, plan.failing.get(Path.of(f.file())), false);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (result.ok()) {
      log.info("reload done in {} ms: {}", millis, result.summary());
    } else {
      log.warn("reload done in {} ms with problems: {}", millis, result.summary());
    }
    return result;
  }

  /**
   * One file's outcome in the log: every problem as {@code FILE:LINE: message}, then what is served.
   *
   * @param servfail the zone the file claims when it now answers SERVFAIL, else null
   * @param initial the first load, where every zone is "loaded" rather than "added"
   */
  public static void logOutcome(FileOutcome f, Name servfail, boolean initial) {
    switch (f.change()) {
      case FAILED -> {
        f.problems().forEach(p -> {
          if (p.isError()) {
            log.error("{}", p);
          } else {
            log.warn("{}", p);
          }
        });
        if (f.zone() != null) {
          log.warn("zone file {} not reloaded: its previous version (zone {} serial {}) is still served", f.file(),
              f.zone().origin(), f.zone().serial());
        } else {
          log.warn("zone file {} not loaded: {}", f.file(),
              servfail != null ? "zone " + servfail + " answers SERVFAIL" : "nothing is served from it");
        }
      }
      case ADDED, RELOADED -> {
        f.problems().forEach(p -> log.warn("{}", p));
        log.info("{} zone {} serial {} ({} records) from {}",
            initial ? "loaded" : f.change() == Change.ADDED ? "added" : "reloaded",
            f.zone().origin(), f.zone().serial(), f.zone().recordCount(), f.file());
      }
      case REMOVED -> log.info("removed zone file {}: its zone is no longer served", f.file());
      case RESIGNED -> log.info("zone {} serial {} signed again from {}", f.zone().origin(), f.zone().serial(), f.file());
      case UNCHANGED -> f.problems().forEach(p -> log.warn("{}", p));
    }
  }

  /** The decisions of one load, file by file, before anything is published. */
  private final class Plan {
    final Map<Path, FileOutcome> outcomes = new LinkedHashMap<>();
    /** Whether files served before are gone, their outcomes after those of the listing's files. */
    boolean removed;
    /** Zones that were served before and are again. */
    final List<FileLoad> kept = new ArrayList<>();
    /**
     * The files of {@link #kept}, to tell at once whether one is kept already; made when a failure first
     * asks, since a reload without one never does.
     */
    private Set<Path> keptFiles;
    /** Newly parsed zones, in file order. */
    final List<FileLoad> fresh = new ArrayList<>();
    final Map<Name, FileLoad> byOrigin = new HashMap<>();
    /** Files that failed with nothing of theirs served, and the origin each claims. */
    final Map<Path, Name> failing = new LinkedHashMap<>();
    /** A changed served zone is swapped in only with a greater SOA serial (--watch). */
    final boolean newSerialsOnly;
    /** How many of the listed files were served before: all of them when no served file is gone. */
    int servedAgain;

    Plan(boolean newSerialsOnly) {
      this.newSerialsOnly = newSerialsOnly;
    }

    /**
     * Decides the file's fate from its reading: a new load, or none when its bytes did not change and its
     * served version is kept (see {@link #readChanged}), with the files as this reading found them.
     */
    void consider(Path file, Reading reading) {
      FileLoad old = reading.old();
      if (old != null) {
        servedAgain++;
      }
      FileLoad z = reading.load();
      if (z == null) {
        // The served load's path, equal to the listing's: its string is made already, 10,000 fewer to make.
        Path served = old.file();
        old = old.withSources(reading.sources());
        keep(old);
        outcomes.put(served, new FileOutcome(served.toString(), Change.UNCHANGED, old.zone(), List.of()));
        return;
      }
      // Keys of a zone that fails are never published, so the next publish releases them.
      if (!z.ok()) {
        fail(file, old, z.origin(), z.problems());
        return;
      }
      if (old != null && old.ok() && z.zone().data() == old.zone().data()) {
        fresh.add(z); // the same data signed again: no serial to check
        outcomes.put(file, new FileOutcome(file.toString(), Change.RESIGNED, z.zone(), List.of()));
        return;
      }
      List<ZoneProblem> problems = new ArrayList<>(z.problems());
      if (old != null) {
        ZoneProblem unchangedSerial = SerialCheck.unchangedSerial(old, z);
        if (unchangedSerial != null && newSerialsOnly) {
          // Keep the served version: this file may be half written, or its edit not finished.
          keep(old);
          outcomes.put(file, new FileOutcome(file.toString(), Change.UNCHANGED, old.zone(), List.of(
              ZoneProblem.warning(file.toString(), z.soaLine(), "changed without a greater SOA serial, so --watch"
                  + " keeps serial " + old.zone().serial() + "; raise the serial, or reload with SIGHUP or"
                  + " POST /reload"))));
          return;
        }
        if (unchangedSerial != null) {
          problems.add(unchangedSerial);
        }
      }
      fresh.add(z);
      outcomes.put(file, new FileOutcome(file.toString(), old == null ? Change.ADDED : Change.RELOADED, z.zone(),
          problems));
    }

    /**
     * One file per origin. The file that already serves an origin keeps it; among new or changed
     * files claiming an origin no one serves, the first in file order takes it; the others fail,
     * and each keeps its own old zone if it had one.
     */
    void assignOrigins() {
      for (FileLoad z : kept) {
        byOrigin.put(z.zone().origin(), z);
      }
      // Lists of loads are walked, never searched: records compare deeply, and 10,000 zones must not
      // cost 10^8 comparisons.
      List<FileLoad> claimants = new ArrayList<>();
      List<FileLoad> same = new ArrayList<>();
      for (FileLoad z : fresh) {
        FileLoad old = serving.get(z.file());
        if (old != null && old.zone().origin().equals(z.zone().origin())) {
          byOrigin.put(z.zone().origin(), z);
          same.add(z);
        } else {
          claimants.add(z);
        }
      }
      fresh.clear();
      fresh.addAll(same);
      for (FileLoad z : claimants) {
        FileLoad other = byOrigin.putIfAbsent(z.zone().origin(), z);
        if (other == null) {
          fresh.add(z);
        } else {
          fail(z.file(), serving.get(z.file()), null,
              List.of(ZoneLoader.duplicateOrigin(z.file(), z.zone().origin(), other.file())));
        }
      }
    }

    /** Keeps the version served from a file, as the reload found it. */
    private void keep(FileLoad served) {
      kept.add(served);
      if (keptFiles != null) {
        keptFiles.add(served.file());
      }
    }

    /** Records the failure; the old zone of the file, if any and if its origin is free, is kept. */
    private void fail(Path file, FileLoad old, Name claimed, List<ZoneProblem> problems) {
      FileLoad keep = old != null && byOrigin.getOrDefault(old.zone().origin(), old) == old ? old : null;
      if (keep != null) {
        byOrigin.put(keep.zone().origin(), keep);
        if (keptFiles == null) {
          keptFiles = new java.util.HashSet<>();
          kept.forEach(k -> keptFiles.add(k.file()));
        }
        if (keptFiles.add(keep.file())) {
          kept.add(keep);
        }
      } else if (claimed != null) {
        failing.put(file, claimed);
      }
      if (problems.isEmpty()) {
        problems = List.of(new ZoneProblem(file.toString(), 0, "not loaded"));
      }
      outcomes.put(file, new FileOutcome(file.toString(), Change.FAILED, keep == null ? null : keep.zone(), problems));
    }

    /** The origins of failing files that no served file answers for: these get SERVFAIL. */
    Map<Path, Name> failingOrigins() {
      failing.values().removeIf(byOrigin::containsKey);
      return failing;
    }
  }

  /**
   * What a reload found of one file: its new load, or none when its bytes did not change (then
   * {@code sources} is how they were found, kept for the next reload's comparison); {@code old} is the
   * version served from it until now, or null.
   */
  private record Reading(FileLoad old, FileLoad load, ZoneSources sources) {}

  /**
   * The reading of every file, index for index: a new load for a file whose bytes changed (or that is
   * new). Files are read on every core at once: each zone stands alone, so 10,000 small zones, or a few
   * big ones, load in parallel; the decisions are then made in file order.
   */
  private List<Reading> readChanged(List<ListedFile> files) {
    Map<Path, FileLoad> before = serving;
    ZoneSigning s = signing;
    ZoneSigning.Pass pass = s == null ? null : s.pass();
    List<java.util.concurrent.Callable<Reading>> work = new ArrayList<>(files.size());
    for (ListedFile listed : files) {
      Path file = listed.path();
      work.add(() -> {
        FileLoad old = before.get(file);
        if (old != null && old.sources().aloneAndUnchanged(listed)) {
          return new Reading(old, pass != null && pass.due(old.zone()) ? resign(pass, old) : null, old.sources());
        }
        // One read of the files for both the comparison and the load that follows a change; files whose
        // stamps say they did not change since the last read are not read again.
        ZoneSources.Read read = ZoneSources.readKeepingText(listed, limits, old == null ? null : old.sources());
        ZoneSources now = read.sources();
        if (old != null && old.sources().sameAs(now)) {
          FileLoad kept = old.withSources(now);
          return new Reading(old, pass != null && pass.due(old.zone()) ? resign(pass, kept) : null, now);
        }
        FileLoad load = loader.load(file, limits, read);
        return new Reading(old, withForeignSignatures(pass == null ? load : signed(pass, load)), now);
      });
    }
    int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      List<Reading> loads = new ArrayList<>(files.size());
      for (var w : work) {
        loads.add(call(w));
      }
      return loads;
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "wadns-load");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Reading> loads = new ArrayList<>(files.size());
      for (var future : pool.invokeAll(work)) {
        try {
          loads.add(future.get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error; // out of memory: the caller keeps every zone as it was
          }
          throw new IllegalStateException("loading a zone failed unexpectedly", e.getCause());
        }
      }
      return loads;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading zones", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Reading call(java.util.concurrent.Callable<Reading> work) {
    try {
      return work.call();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * True when {@code set} holds exactly these zone instances: then it stays current, and what is
   * derived from the snapshot (the answer cache of the protocol layer) stays warm.
   */
  private static boolean sameZones(ZoneSet set, List<Zone> zones) {
    if (set.size() != zones.size()) {
      return false;
    }
    for (Zone z : zones) {
      if (!set.holds(z)) {
        return false;
      }
    }
    return true;
  }
}
