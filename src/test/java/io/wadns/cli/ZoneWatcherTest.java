package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The watcher asks for reloads after changes have been quiet, and survives its folder going away. */
@Timeout(60)
class ZoneWatcherTest {
  @TempDir Path work;

  @Test
  void aZonesFolderRenamedAwayAndMadeAgainIsWatchedAgain() throws Exception {
    Path zones = Files.createDirectories(work.resolve("zones"));
    Semaphore reloads = new Semaphore(0);
    try (ZoneWatcher watcher = ZoneWatcher.start(zones, List::of, reloads::release, Duration.ofMillis(100))) {
      Files.writeString(zones.resolve("a.example.zone"), "; first\n");
      assertThat(reloads.tryAcquire(10, TimeUnit.SECONDS)).as("a change in the folder").isTrue();

      Files.move(zones, work.resolve("zones.old"));
      Files.createDirectories(zones);
      assertThat(reloads.tryAcquire(10, TimeUnit.SECONDS)).as("the folder came back").isTrue();
      reloads.drainPermits();

      Files.writeString(zones.resolve("b.example.zone"), "; in the new folder\n");
      assertThat(reloads.tryAcquire(10, TimeUnit.SECONDS)).as("a change in the new folder").isTrue();
    }
  }

  @Test
  void aBurstOfWritesGivesOneReloadOnceQuiet() throws Exception {
    Path zones = Files.createDirectories(work.resolve("zones"));
    Semaphore reloads = new Semaphore(0);
    // Quiet for a second: a pause of the machine between two writes 50 ms apart must not end the burst.
    try (ZoneWatcher watcher = ZoneWatcher.start(zones, List::of, reloads::release, Duration.ofSeconds(1))) {
      for (int i = 0; i < 10; i++) {
        Files.writeString(zones.resolve("a.example.zone"), "; part " + i + "\n");
        Thread.sleep(50);
      }
      assertThat(reloads.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(reloads.tryAcquire(2, TimeUnit.SECONDS)).as("one reload for the burst").isFalse();
    }
  }
}
