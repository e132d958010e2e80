package io.wadns.cli;

import io.wadns.reload.ReloadResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reloads one at a time on a thread of their own, so neither a query thread nor the thread
 * that asked (a signal handler, the HTTP loop, the watcher) ever waits for one. A request made while
 * another is waiting to start joins it: that reload starts after both requests and serves both.
 */
final class ReloadQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  private final Supplier<ReloadResult> reload;
  private final Supplier<ReloadResult> reloadNewSerials;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "wadns-reload");
    t.setDaemon(true);
    return t;
  });
  /** The request not started yet, which later requests join; guarded by this. */
  private CompletableFuture<ReloadResult> waiting;
  /** Whether the waiting request may take only new serials: only while every joined request may. */
  private boolean waitingNewSerialsOnly;
  /** Run on the reload thread after each reload, before its requesters hear of it. */
  private volatile Runnable afterEach = () -> {};

  ReloadQueue(Supplier<ReloadResult> reload) {
    this(reload, reload);
  }

  /**
   * @param reload a full reload (SIGHUP, POST /reload)
   * @param reloadNewSerials a reload that swaps in changed zones only with a greater serial (--watch)
   */
  ReloadQueue(Supplier<ReloadResult> reload, Supplier<ReloadResult> reloadNewSerials) {
    this.reload = reload;
    this.reloadNewSerials = reloadNewSerials;
  }

  /**
   * Runs {@code action} on the reload thread after every reload, whatever its outcome, after the
   * actions given before it.
   */
  void afterEach(Runnable action) {
    Runnable before = this.afterEach;
    this.afterEach = () -> {
      try {
        before.run();
      } finally {
        action.run(); // even when an earlier action failed
      }
    };
  }

  /** Asks for a full reload; the future completes when one that started after this call is done. */
  synchronized CompletableFuture<ReloadResult> request(String reason) {
    return request(reason, false);
  }

  /** True when a reload was asked for and has not started: work between reloads should make way. */
  synchronized boolean reloadWaiting() {
    return waiting != null;
  }

  /**
   * Asks for a reload, taking changed zones only with a greater serial when {@code newSerialsOnly};
   * a request joining one that waits makes it full if either is.
   */
  synchronized CompletableFuture<ReloadResult> request(String reason, boolean newSerialsOnly) {
    if (waiting != null) {
      waitingNewSerialsOnly &= newSerialsOnly;
      return waiting;
    }
    CompletableFuture<ReloadResult> next = new CompletableFuture<>();
    try {
      thread.execute(() -> run(next, reason));
      waiting = next;
      waitingNewSerialsOnly = newSerialsOnly;
    } catch (RejectedExecutionException e) {
      next.completeExceptionally(new IllegalStateException("shutting down", e));
    }
    return next;
  }

  /**
   * Runs {@code task} on the reload thread between reloads, then the after-each actions: work that
   * publishes zones as a reload does (signing zones again when their signatures near expiry).
   *
   * @return false when the queue is closed and {@code task} will not run
   */
  boolean runBetween(String what, Supplier<ReloadResult> task) {
    try {
      thread.execute(() -> {
        try {
          ReloadResult result = task.get();
          if (result.files().isEmpty()) {
            return; // nothing was published: the after-each actions have nothing to see
          }
        } catch (RuntimeException | Error e) {
          // An Error (a heap too small for the work, say) is logged and the thread goes on: it is the
          // only one that reloads, so letting it die would stop every reload after this one.
          log.error("{} failed: {}", what, e.toString(), e);
        }
        runAfterEach();
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false; // shutting down
    }
  }

  /**
   * A pass for a timer: each run queues {@code task} with {@link #runBetween} unless the one it queued
   * before has not finished, so that a timer that keeps firing while a long reload runs leaves at most
   * one pass waiting, not one per tick.
   */
  Runnable oneAtATime(String what, Supplier<ReloadResult> task) {
    AtomicBoolean queued = new AtomicBoolean();
    return () -> {
      if (!queued.compareAndSet(false, true)) {
        return;
      }
      Supplier<ReloadResult> once = () -> {
        try {
          return task.get();
        } finally {
          queued.set(false);
        }
      };
      if (!runBetween(what, once)) {
        queued.set(false);
      }
    };
  }

  private void run(CompletableFuture<ReloadResult> request, String reason) {
    boolean newSerialsOnly;
    synchronized (this) {
      newSerialsOnly = waitingNewSerialsOnly;
      if (waiting == request) {
        waiting = null;
      }
    }
    log.info("reloading zones ({})", reason);
    ReloadResult result;
    try {
      result = (newSerialsOnly ? reloadNewSerials : reload).get();
    } catch (RuntimeException | Error e) {
      log.error("reload failed: {}", e.toString(), e);
      runAfterEach();
      request.completeExceptionally(e);
      return;
    }
    runAfterEach();
    request.complete(result);
  }

  /** The after-each actions; whatever they throw is logged, so the request is answered all the same. */
  private void runAfterEach() {
    try {
      afterEach.run();
    } catch (RuntimeException | Error e) {
      log.error("after the reload: {}", e.toString(), e);
    }
  }

  /** Lets a running reload finish (a few seconds at most), then stops the thread. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
