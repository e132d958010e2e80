package io.wadns.secondary;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import io.wadns.zone.Zone;
import io.wadns.zonefile.LoadLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The background writer of a secondary's store: a version it cannot write is kept and tried again. */
class StoreWriterTest {
  @TempDir Path dir;

  @Test
  void aVersionThatCannotBeWrittenStaysPendingAndIsWrittenOnceItCan() throws Exception {
    Path folder = dir.resolve("store");
    Files.writeString(folder, "a file where the store's folder should be");
    ZoneStore store = new ZoneStore(folder, new LoadLimits(List.of(), 1000, 0));
    Name origin = Name.fromConstantString("example.com.");
    Zone zone = TestZones.parse("example.com.zone", TestZones.exampleCom("www A 192.0.2.1\n")).zones().get(0);
    try (StoreWriter writer = new StoreWriter(store, o -> true, Duration.ofMillis(50), Duration.ofMillis(300))) {
      writer.later(origin, zone, "192.0.2.53", Instant.now());
      long failing = System.nanoTime() + 5_000_000_000L;
      while (writer.failedWrites() == 0 && System.nanoTime() < failing) {
        Thread.sleep(20);
      }
      assertThat(writer.failedWrites()).as("the first write failed").isPositive();
      assertThat(writer.isPending(origin)).as("kept after the failed write").isTrue();
      assertThat(Files.isRegularFile(folder)).isTrue();

      Files.delete(folder);
      Files.createDirectories(folder); // the store can be written again
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (writer.isPending(origin) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(writer.isPending(origin)).as("written at the next try").isFalse();
      assertThat(Files.readString(store.fileOf(origin))).contains("192.0.2.1");
    }
  }

  @Test
  void aWholeTransferOfAZoneDroppedSinceLeavesTheNewZonesPendingVersionAlone() throws Exception {
    ZoneStore store = new ZoneStore(dir.resolve("store"), new LoadLimits(List.of(), 1000, 0));
    Name origin = Name.fromConstantString("example.com.");
    Zone newer = TestZones.parse("example.com.zone", TestZones.exampleCom("www A 192.0.2.2\n")).zones().get(0);
    try (StoreWriter writer = new StoreWriter(store, o -> true, Duration.ofHours(1), Duration.ofHours(1))) {
      // The name followed anew after a catalog's reset has a version waiting; the old zone's commit comes late.
      writer.later(origin, newer, "192.0.2.53", Instant.now());
      boolean[] committed = {false};
      writer.commitWhole(origin, () -> false, () -> committed[0] = true);
      assertThat(committed[0]).as("a dropped zone's version is not committed").isFalse();
      assertThat(writer.isPending(origin)).as("the new zone's version still waits").isTrue();
      writer.commitWhole(origin, () -> true, () -> committed[0] = true);
      assertThat(committed[0]).as("a current zone's version is").isTrue();
      assertThat(writer.isPending(origin)).as("and supersedes what waited").isFalse();
    }
  }

  @Test
  void aVersionGivenWhileTheWriterClosesIsWrittenAtOnceEvenOnAnInterruptedThread() throws Exception {
    ZoneStore store = new ZoneStore(dir.resolve("store"), new LoadLimits(List.of(), 1000, 0));
    Name origin = Name.fromConstantString("example.com.");
    Zone zone = TestZones.parse("example.com.zone", TestZones.exampleCom("www A 192.0.2.3\n")).zones().get(0);
    StoreWriter writer = new StoreWriter(store, o -> true, Duration.ofHours(1), Duration.ofHours(1));
    writer.close(); // nothing pending yet
    Thread.currentThread().interrupt(); // as a check stopped by the shutdown
    try {
      writer.later(origin, zone, "192.0.2.53", Instant.now());
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(writer.isPending(origin)).isFalse();
    assertThat(Files.readString(store.fileOf(origin))).contains("192.0.2.3");
  }
}
