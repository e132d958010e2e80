package io.wadns.cli;

import io.wadns.reload.ReloadResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "wadns-reload");
    t.setDaemon(true);
    return t;
  });
  /** The request not started yet, which later requests join; guarded by this. */
  private CompletableFuture<ReloadResult> waiting;
  /** Run on the reload thread after each reload, before its requesters hear of it. */
  private volatile Runnable afterEach = () -> {};

  ReloadQueue(Supplier<ReloadResult> reload) {
    this.reload = reload;
  }

  /** Runs {@code action} on the reload thread after every reload, whatever its outcome. */
  void afterEach(Runnable action) {
    this.afterEach = action;
  }

  /** Asks for a reload; the future completes when one that started after this call is done. */
  synchronized CompletableFuture<ReloadResult> request(String reason) {
    if (waiting != null) {
      return waiting;
    }
    CompletableFuture<ReloadResult> next = new CompletableFuture<>();
    try {
      thread.execute(() -> run(next, reason));
      waiting = next;
    } catch (RejectedExecutionException e) {
      next.completeExceptionally(new IllegalStateException("shutting down", e));
    }
    return next;
  }

  private void run(CompletableFuture<ReloadResult> request, String reason) {
    synchronized (this) {
      if (waiting == request) {
        waiting = null;
      }
    }
    log.info("reloading zones ({})", reason);
    ReloadResult result;
    try {
      result = reload.get();
    } catch (RuntimeException | Error e) {
      log.error("reload failed: {}", e.toString(), e);
      runAfterEach();
      request.completeExceptionally(e);
      return;
    }
    runAfterEach();
    request.complete(result);
  }

  private void runAfterEach() {
    try {
      afterEach.run();
    } catch (RuntimeException e) {
      log.warn("after the reload: {}", e.toString());
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
