package io.wadns.secondary;

import io.wadns.text.ErrorText;
import io.wadns.zone.Zone;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Writes the versions a secondary serves to its store in the background, after they are served: a zone
 * changed by an incremental transfer is answered at once, and its file (the whole zone as text) is
 * written on a thread of its own once the zone has been quiet for {@link #QUIET}, at most {@link
 * #MAX_WAIT} after its first unwritten change, and at shutdown. A burst of changes is then one write,
 * and a crash in between costs only the store's freshness: a restart loads the version stored and
 * catches up by IXFR (RFC 1995), as after any absence.
 *
 * <p>Never writes an older version over a newer one: a whole transfer's own write, or the deletion of a
 * zone no longer followed, goes through {@link #superseding}, which drops what is pending for the zone
 * and makes a write already under way discard its result.
 */
final class StoreWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("wadns");
  static final Duration QUIET = Duration.ofSeconds(10);
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  /** A version that could not be written (a full disk, a folder gone) is tried again this much later. */
  static final Duration RETRY = Duration.ofMinutes(1);

  private record Pending(Zone zone, String from, Instant at, long firstNanos, ScheduledFuture<?> task) {}

  private final ZoneStore store;
  private final Predicate<Name> followed;
  private final ScheduledThreadPoolExecutor thread;
  /** Guarded by {@code this}. */
  private final Map<Name, Pending> pending = new HashMap<>();
  /**
   * Writes under way per zone: still pending for {@link #isPending}. A count, not a set: close() may write
   * a zone on its own thread while a store thread that outlived its wait still writes it. Guarded by
   * {@code this}.
   */
  private final Map<Name, Integer> writingNow = new HashMap<>();
  /** Taken to commit or delete a zone's file; guards {@link #generation}. Taken before {@code this}. */
  private final Object writing = new Object();
  private final Map<Name, Long> generation = new HashMap<>();
  /**
   * Where the values of {@link #generation} come from: each value is new, so a write that read one for a
   * zone never matches the zone's value after a drop and a follow again (an entry removed and made anew),
   * as a count from zero could.
   */
  private long epochs;

  private final Duration quiet;
  private final Duration retry;
  private final java.util.concurrent.atomic.AtomicLong failedWrites = new java.util.concurrent.atomic.AtomicLong();

  /** @param followed whether a zone is still followed when its write comes (else the write is dropped) */
  StoreWriter(ZoneStore store, Predicate<Name> followed) {
    this(store, followed, QUIET, RETRY);
  }

  /** As the other, waiting {@code quiet} before a write and {@code retry} before another try (for tests). */
  StoreWriter(ZoneStore store, Predicate<Name> followed, Duration quiet, Duration retry) {
    this.store = store;
    this.followed = followed;
    this.quiet = quiet;
    this.retry = retry;
    this.thread = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "wadns-store");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    });
    thread.setRemoveOnCancelPolicy(true);
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() writes them itself
  }

  /**
   * Stores {@code zone} (transferred from {@code from} at {@code at}) soon, unless a newer one comes first;
   * once the writer is closing, now, on the calling thread (close() may have written what was pending
   * already).
   */
  void later(Name origin, Zone zone, String from, Instant at) {
    boolean closing;
    synchronized (this) {
      Pending old = pending.get(origin);
      long first = old == null ? System.nanoTime() : old.firstNanos();
      if (old != null && old.task() != null) {
        old.task().cancel(false);
      }
      long waited = System.nanoTime() - first;
      long delay = Math.max(0, Math.min(quiet.toNanos(), MAX_WAIT.toNanos() - waited));
      ScheduledFuture<?> task;
      try {
        task = thread.schedule(() -> write(origin), delay, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        task = null;
      }
      closing = task == null;
      pending.put(origin, new Pending(zone, from, at, first, task));
    }
    if (closing) {
      // A check that outlived the wait at shutdown (interrupted: a file channel would close at once).
      boolean interrupted = Thread.interrupted();
      try {
        write(origin);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Runs {@code action} (a whole transfer's commit, a deletion) as the latest word on {@code origin}'s
   * file: what is pending for it is dropped, and a write under way discards its result.
   */
  void superseding(Name origin, IoAction action) throws IOException {
    synchronized (writing) {
      generation.put(origin, ++epochs);
      synchronized (this) {
        Pending p = pending.remove(origin);
        if (p != null && p.task() != null) {
          p.task().cancel(false);
        }
      }
      action.run();
      if (!followed.test(origin)) {
        // A zone no longer followed keeps no count: a write under way for it checks followed() itself.
        generation.remove(origin);
      }
    }
  }

  /**
   * As {@link #superseding}, for the commit of a whole transfer: done only while the zone is still
   * followed and {@code current} (not dropped since it was served: a catalog's drop marks the zone before
   * it takes this writer's lock). Otherwise nothing is touched, so what is pending for a zone of the same
   * name followed anew stays pending.
   */
  void commitWhole(Name origin, java.util.function.BooleanSupplier current, IoAction commit) throws IOException {
    synchronized (writing) {
      if (current.getAsBoolean() && followed.test(origin)) {
        superseding(origin, commit);
      }
    }
  }

  interface IoAction {
    void run() throws IOException;
  }

  /** Writes that failed since the start. */
  long failedWrites() {
    return failedWrites.get();
  }

  /**
   * Whether a version of {@code origin} waits to be written or is being written: until that write is
   * done, the file holds an older version (or none).
   */
  synchronized boolean isPending(Name origin) {
    return pending.containsKey(origin) || writingNow.containsKey(origin);
  }

  private void write(Name origin) {
    Pending p;
    long seen;
    synchronized (writing) {
      if (!followed.test(origin)) {
        return; // dropped since this write was scheduled
      }
      seen = generation.computeIfAbsent(origin, o -> ++epochs);
      synchronized (this) {
        p = pending.remove(origin);
        if (p != null) {
          writingNow.merge(origin, 1, Integer::sum);
        }
      }
    }
    if (p == null) {
      return;
    }
    Path staged = null;
    try {
      if (!followed.test(origin)) {
        return;
      }
      Zone zone = p.zone();
      staged = store.stage(origin, out -> ZoneText.write(out, origin, ZoneUpdate.soaOf(zone),
          ZoneUpdate.records(zone), p.from(), p.at()), ".store.tmp");
      synchronized (writing) {
        if (generation.getOrDefault(origin, 0L) == seen && followed.test(origin)) {
          store.commit(origin, staged);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      // An Error too (a heap too small to write the text, say): the version stays pending, so the older
      // file is not marked as refreshed, and is tried again.
      log.warn("secondary zone {}: cannot store serial {} in {}: {}; served from memory until it is stored"
          + " (tried again in {} s)", origin, p.zone().serial(), store.fileOf(origin), ErrorText.of(e),
          retry.toSeconds());
      again(origin, p, seen);
      failedWrites.incrementAndGet(); // after: a reader that sees the count sees the version pending again
    } finally {
      if (staged != null) {
        store.discard(staged); // gone already when stored
      }
      synchronized (this) {
        // after again(): a failed version is pending again before this
        writingNow.computeIfPresent(origin, (o, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /**
   * Puts back a version whose write failed, to be tried again after {@link #retry}: it stays pending, so
   * the stored file (an older version) is not marked as refreshed meanwhile. Not when a newer version,
   * a whole transfer or a deletion came since.
   */
  private void again(Name origin, Pending failed, long seen) {
    synchronized (writing) {
      if (generation.getOrDefault(origin, 0L) != seen || !followed.test(origin)) {
        return;
      }
      synchronized (this) {
        if (pending.containsKey(origin)) {
          return;
        }
        ScheduledFuture<?> task;
        try {
          task = thread.schedule(() -> write(origin), retry.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          task = null; // closing: nothing more is tried
        }
        pending.put(origin, new Pending(failed.zone(), failed.from(), failed.at(), System.nanoTime(), task));
      }
    }
  }

  /** Writes every pending version now, on the calling thread, and stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(1, TimeUnit.MINUTES); // a write under way finishes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Name> origins;
    synchronized (this) {
      origins = new ArrayList<>(pending.keySet());
    }
    for (Name origin : origins) {
      write(origin);
    }
  }
}
