package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reloads one at a time; a request made while another waits joins it, and work between reloads can see it. */
class ReloadQueueTest {
  private static ReloadResult nothing() {
    return new ReloadResult(List.of(), List.of(), new ReloadStats().snapshot(), Map.of());
  }

  /** A long reload: says it runs, then waits for the test to let it finish (10 s at most). */
  private static void holdUntilReleased(CountDownLatch running, CountDownLatch release) {
    running.countDown();
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRequestMadeWhileAReloadRunsWaitsAndTheNextOneJoinsIt() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reloads = new AtomicInteger();
    try (ReloadQueue queue = new ReloadQueue(() -> {
      if (reloads.incrementAndGet() == 1) {
        holdUntilReleased(running, release);
      }
      return nothing();
    })) {
      assertThat(queue.reloadWaiting()).isFalse();
      CompletableFuture<ReloadResult> first = queue.request("first");
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(queue.reloadWaiting()).as("the first has started").isFalse();

      CompletableFuture<ReloadResult> second = queue.request("second");
      CompletableFuture<ReloadResult> third = queue.request("third");
      assertThat(third).as("joins the one that waits").isSameAs(second);
      assertThat(queue.reloadWaiting()).isTrue();

      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      assertThat(queue.reloadWaiting()).isFalse();
      assertThat(reloads.get()).isEqualTo(2);
    }
  }

  @Test
  void aTimersPassWaitsOnceHoweverOftenItFiresDuringAReload() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ReloadQueue queue = new ReloadQueue(() -> {
      holdUntilReleased(running, release);
      return nothing();
    })) {
      AtomicInteger passes = new AtomicInteger();
      Runnable pass = queue.oneAtATime("a pass", () -> {
        passes.incrementAndGet();
        return nothing();
      });
      CompletableFuture<ReloadResult> reload = queue.request("a long reload");
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      for (int tick = 0; tick < 5; tick++) {
        pass.run(); // the timer fires while the reload runs
      }
      release.countDown();
      reload.get(10, TimeUnit.SECONDS);
      CountDownLatch drained = new CountDownLatch(1);
      assertThat(queue.runBetween("after", () -> {
        drained.countDown();
        return nothing();
      })).isTrue();
      assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(passes.get()).as("one pass for five ticks").isEqualTo(1);

      pass.run(); // the pass finished: the next tick queues another
      CountDownLatch drainedAgain = new CountDownLatch(1);
      queue.runBetween("after", () -> {
        drainedAgain.countDown();
        return nothing();
      });
      assertThat(drainedAgain.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(passes.get()).isEqualTo(2);
    }
  }
}
