package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing of a zones folder takes each file's stamp, which the read then uses as its own. */
class ListedFileTest {
  @TempDir
  Path dir;
  private Long assumedDevice;

  @AfterEach
  void forget() {
    if (assumedDevice != null) {
      CachedAttributes.assume(assumedDevice, null);
    }
  }

  private LoadLimits limits() {
    return LoadLimits.confinedTo(dir, List.of());
  }

  private ListedFile listedOnly(List<ZoneProblem> problems) {
    List<ListedFile> listed = ZoneLoader.listZoneFiles(dir, problems);
    assertThat(listed).hasSize(1);
    return listed.get(0);
  }

  @Test
  void theReadTakesTheListingsStampAndAChangeInBetweenIsSeenNextTime() throws Exception {
    Path zone = Files.writeString(dir.resolve("a.zone"), "@ 300 IN A 192.0.2.1\n");
    ListedFile listed = listedOnly(new ArrayList<>());
    assumeTrue(listed.stamp() != null, "a file system whose stamps need no open");

    Thread.sleep(20); // past a tick of the clock that stamps files
    Files.writeString(zone, "@ 300 IN A 192.0.2.2\n"); // changed after the listing, before the read
    ZoneSources.Read read = ZoneSources.readKeepingText(listed, limits(), null);
    assertThat(read.sources().seen().get(zone).stamp()).as("not taken again").isSameAs(listed.stamp());
    assertThat(new String(read.text(), java.nio.charset.StandardCharsets.US_ASCII)).contains("192.0.2.2");
    assertThat(read.sources().aloneAndUnchanged()).as("the stamp moved since the listing").isFalse();
  }

  @Test
  void whereFilesMustBeOpenedFirstTheReadTakesTheStampAndAFifoIsNeverOpened() throws Exception {
    Path zone = Files.writeString(dir.resolve("a.zone"), "@ 300 IN A 192.0.2.1\n");
    assumedDevice = (Long) Files.getAttribute(zone, "unix:dev");
    CachedAttributes.assume(assumedDevice, true); // as NFS
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.zone").toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo");

    List<ZoneProblem> problems = new ArrayList<>();
    ListedFile listed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> listedOnly(problems));
    assertThat(listed.path()).isEqualTo(zone);
    assertThat(listed.stamp()).as("taken by the read, which opens the file first").isNull();
    assertThat(problems).isEmpty();
    ZoneSources.Read read = ZoneSources.readKeepingText(listed, limits(), null);
    assertThat(read.sources().seen().get(zone).stamp()).isNotNull();
    assertThat(read.text()).isNotNull();
  }
}
