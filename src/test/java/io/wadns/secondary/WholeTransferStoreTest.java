package io.wadns.secondary;

import static io.wadns.secondary.IncomingTransferTest.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.tsig.TsigKeyring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole transfer is served first and stored after: what may happen in between. */
class WholeTransferStoreTest {
  @TempDir
  Path folder;

  private final SecondaryTest.SettableClock clock = new SecondaryTest.SettableClock();
  private final Object loading = new Object();
  private StoreWriter writer;

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
  }

  private Refresher refresher(ZoneStore store, Runnable publish) {
    writer = new StoreWriter(store, origin -> true, Duration.ofHours(1), Duration.ofHours(1));
    return new Refresher(store, writer, new TransferClient(SecondaryTest.LIMITS), TsigKeyring.empty(),
        new HealthKeys(), loading, clock, publish, c -> {}, records -> {});
  }

  @Test
  void aZoneDroppedOnceServedLeavesNoFileForTheNameFollowedAnew() throws Exception {
    SecondaryTest.Versions v = new SecondaryTest.Versions(SecondaryTest.zone(2000));
    try (FakePrimary p = new FakePrimary(v::answer)) {
      ZoneStore store = new ZoneStore(folder, SecondaryTest.ZONE_LIMITS);
      FollowedZone z = new FollowedZone(ORIGIN, List.of(p.address()), null, false, null);
      // A catalog's reset (RFC 9432 §5.5) as the version is published: the member is dropped, its file
      // deleted, and the name followed anew (the writer's predicate stays true).
      Refresher r = refresher(store, () -> {
        z.dropped = true;
        try {
          writer.superseding(ORIGIN, () -> store.delete(ORIGIN));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      r.check(z);
      assertThat(z.dropped).isTrue();
      assertThat(Files.exists(store.fileOf(ORIGIN))).as("the dropped zone's version is not stored").isFalse();
      assertThat(writer.isPending(ORIGIN)).as("nor left to be stored later").isFalse();
    }
  }

  @Test
  void aVersionThatCouldNotBeStoredStaysPendingAndTheOlderFileIsNotTakenAsFresh() throws Exception {
    SecondaryTest.Versions v = new SecondaryTest.Versions(SecondaryTest.zone(1));
    try (FakePrimary p = new FakePrimary(v::answer)) {
      ZoneStore store = new ZoneStore(folder, SecondaryTest.ZONE_LIMITS);
      FollowedZone z = new FollowedZone(ORIGIN, List.of(p.address()), null, false, null);
      Refresher r = refresher(store, () -> {});
      r.check(z);
      assertThat(Files.readString(store.fileOf(ORIGIN))).contains(" 1 7200 ");
      Instant stored = store.refreshed(ORIGIN);
      // The next stagings fail: a folder stands where each temporary file would be made.
      long next = ZoneStore.STAGINGS.get();
      for (long i = next + 1; i <= next + 4; i++) {
        Files.createDirectories(folder.resolve(".example.com.zone.tmp." + i).resolve("x"));
      }
      v.change(SecondaryTest.zone(2, "new.example.com. 60 A 192.0.2.99"));
      z.wholeZoneNext = true; // AXFR
      clock.now = clock.now.plusSeconds(100);
      r.check(z);
      assertThat(z.zone.serial()).as("served from memory").isEqualTo(2);
      assertThat(Files.readString(store.fileOf(ORIGIN))).as("not stored").contains(" 1 7200 ");
      assertThat(writer.isPending(ORIGIN)).as("left to the background writer").isTrue();
      clock.now = clock.now.plusSeconds(1000);
      r.check(z); // up to date
      assertThat(store.refreshed(ORIGIN)).as("the file of serial 1 is not marked as refreshed")
          .isEqualTo(stored);
      writer.close(); // writes what is pending, as at shutdown
      writer = null;
      assertThat(Files.readString(store.fileOf(ORIGIN))).contains(" 2 7200 ").contains("192.0.2.99");
    }
  }
}
