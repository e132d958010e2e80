package io.wadns.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-thread counters: each thread adds to its own row, a read sums all rows, ended threads included. */
class ThreadTalliesTest {
  @Test
  void sumsEveryThreadsCountsAfterTheThreadsEnded() throws Exception {
    ThreadTallies tallies = new ThreadTallies(3);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int amount = t + 1;
      threads.add(new Thread(() -> {
        long[] row = tallies.mine();
        for (int i = 0; i < 100_000; i++) {
          ThreadTallies.add(row, 0, 1);
          ThreadTallies.add(row, 2, amount);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    ThreadTallies.add(tallies.mine(), 1, 7);
    assertThat(tallies.sum(0)).isEqualTo(400_000);
    assertThat(tallies.sum(1)).isEqualTo(7);
    assertThat(tallies.sum(2)).isEqualTo(100_000L * (1 + 2 + 3 + 4));
  }

  @Test
  void aThreadKeepsOneRow() {
    ThreadTallies tallies = new ThreadTallies(1);
    assertThat(tallies.mine()).isSameAs(tallies.mine());
    assertThat(new ThreadTallies(1).mine()).isNotSameAs(tallies.mine());
  }
}
