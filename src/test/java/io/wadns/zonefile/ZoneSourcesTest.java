package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksums a reload compares: each file's own, whatever was read before on the thread. */
class ZoneSourcesTest {
  @TempDir
  Path dir;

  @Test
  void eachFileGetsTheChecksumOfItsOwnBytes() throws Exception {
    Random random = new Random(7);
    // Sizes around the read buffer (64 KiB), digested one after the other on this thread.
    for (int size : new int[] {0, 1, 500, 65_535, 65_536, 65_537, 200_000, 3}) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      for (int i = 0; i < size; i++) {
        if (bytes[i] == '$') {
          bytes[i] = 'x'; // no directive lines: nothing to include
        }
      }
      Path file = Files.write(dir.resolve("z" + size + ".zone"), bytes);
      ZoneSources sources = ZoneSources.read(file, limits());
      assertThat(sources.digests()).containsExactlyEntriesOf(java.util.Map.of(file, checksum(bytes)));
    }
  }

  @Test
  void theZoneFilesBytesAreKeptForTheParseExactlyAsDigested() throws IOException {
    Path hosts = write("hosts.inc", "www 300 IN A 192.0.2.1\n");
    String text = "$ORIGIN example.\n@ 300 IN SOA ns hostmaster 1 2 3 4 5\n$INCLUDE hosts.inc\n";
    Path zone = write("example.zone", text);
    ZoneSources.Read read = ZoneSources.readKeepingText(zone, limits(), null, 0);
    assertThat(read.text()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(read.sources().digests().get(zone)).isEqualTo(checksum(read.text()));
    assertThat(read.sources().digests()).containsOnlyKeys(zone, hosts);

    ZoneSources.Read again = ZoneSources.readKeepingText(zone, limits(), read.sources(), 0);
    assertThat(again.text()).as("not read again: its stamp held").isNull();
    assertThat(again.sources().sameAs(read.sources())).isTrue();

    write("example.zone", text + "; changed\n");
    ZoneSources.Read changed = ZoneSources.readKeepingText(zone, limits(), read.sources(), 0);
    assertThat(new String(changed.text(), StandardCharsets.UTF_8)).endsWith("; changed\n");
    assertThat(changed.sources().digests().get(zone)).isEqualTo(checksum(changed.text()));
  }

  @Test
  void aFileThatGrewOrShrankSinceItsStampIsDigestedWholeAndKeptOnlyWhole() throws IOException {
    Path file = dir.resolve("moving.zone");
    byte[] now = "www 300 IN A 192.0.2.1\n$INCLUDE hosts.inc\n".getBytes(StandardCharsets.UTF_8);
    List<Path> includes = new java.util.ArrayList<>();
    byte[][] kept = {null};
    // Stamped at 10 bytes, then grew: all of it digested (the include past the 10 bytes found), nothing kept.
    String grown = ZoneSources.digestKeeping(new java.io.ByteArrayInputStream(now), file, includes, 10, t -> kept[0] = t);
    assertThat(grown).isEqualTo(checksum(now));
    assertThat(includes).containsExactly(dir.resolve("hosts.inc"));
    assertThat(kept[0]).isNull();
    // Stamped larger, then shrank: its bytes as they are now, digested and kept.
    includes.clear();
    String shrunk = ZoneSources.digestKeeping(new java.io.ByteArrayInputStream(now), file, includes, now.length + 100,
        t -> kept[0] = t);
    assertThat(shrunk).isEqualTo(checksum(now));
    assertThat(kept[0]).isEqualTo(now);
    assertThat(includes).containsExactly(dir.resolve("hosts.inc"));
  }

  @Test
  void aFileThatIsNotRegularIsNotKept() throws IOException {
    Path zone = write("real.zone", "@ 300 IN A 192.0.2.1\n");
    Path link = Files.createSymbolicLink(dir.resolve("null.zone"), Path.of("/dev/null"));
    assertThat(ZoneSources.readKeepingText(zone, limits(), null, 0).text()).isNotNull();
    ZoneSources.Read read = ZoneSources.readKeepingText(link, limits(), null, 0);
    assertThat(read.text()).as("the loader must see it is not a regular file").isNull();
    assertThat(ZoneLoader.load(link, new io.wadns.health.HealthKeys(), limits()).problems())
        .anyMatch(p -> p.message().contains("not a regular file"));
  }

  @Test
  void aFileReadInChunksIsNotKept() throws IOException {
    byte[] big = new byte[(int) ZoneLoader.CHUNKED_FROM_BYTES];
    java.util.Arrays.fill(big, (byte) 'x');
    Path zone = Files.write(dir.resolve("big.zone"), big);
    ZoneSources.Read read = ZoneSources.readKeepingText(zone, limits(), null, 0);
    assertThat(read.text()).isNull();
    assertThat(read.sources().digests().get(zone)).isEqualTo(checksum(big));
    Files.write(zone, java.util.Arrays.copyOf(big, big.length - 1));
    assertThat(ZoneSources.readKeepingText(zone, limits(), null, 0).text()).hasSize(big.length - 1);
  }

  @Test
  void includedFilesAreDigestedToo() throws IOException {
    Path hosts = write("hosts.inc", "www 300 IN A 192.0.2.1\n");
    Path zone = write("example.zone", "$ORIGIN example.\n@ 300 IN SOA ns hostmaster 1 2 3 4 5\n$INCLUDE hosts.inc\n");
    ZoneSources sources = ZoneSources.read(zone, limits());
    assertThat(sources.digests()).containsOnlyKeys(zone, hosts);
    assertThat(sources.digests().get(hosts)).isEqualTo(checksum(Files.readAllBytes(hosts)));
    assertThat(sources.digests().get(zone)).isEqualTo(checksum(Files.readAllBytes(zone)));
    assertThat(sources.unchanged()).isTrue();
    write("hosts.inc", "www 300 IN A 192.0.2.2\n");
    assertThat(sources.unchanged()).isFalse();
  }

  @Test
  void anUnreadableFileDoesNotSpoilTheNextDigest() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("folder.zone"));
    assertThat(ZoneSources.read(folder, limits()).digests().get(folder)).startsWith("unreadable: ");
    Path zone = write("after.zone", "@ 300 IN A 192.0.2.1\n");
    assertThat(ZoneSources.read(zone, limits()).digests().get(zone)).isEqualTo(checksum(Files.readAllBytes(zone)));
  }

  @Test
  void aScanCutShortLeavesNothingInTheNextDigest() throws IOException {
    byte[] first = new byte[100_000];
    java.util.Arrays.fill(first, (byte) 'a');
    java.io.InputStream failing = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(first)) {
      private int given;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (given > 0) {
          throw new IOException("device gone");
        }
        int n = super.read(b, off, len);
        given += n;
        return n;
      }
    };
    Path file = dir.resolve("z.zone");
    assertThatThrownBy(() -> ZoneSources.digest(failing, file, new java.util.ArrayList<>()))
        .isInstanceOf(IOException.class);
    byte[] second = "@ 300 IN A 192.0.2.1\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ZoneSources.digest(new java.io.ByteArrayInputStream(second), file, new java.util.ArrayList<>()))
        .isEqualTo(checksum(second));
  }

  @Test
  void aSettledFileWithItsStampUnchangedIsNotReadAgain() throws IOException {
    Path zone = write("quiet.zone", "@ 300 IN A 192.0.2.1\n");
    ZoneSources first = ZoneSources.read(zone, limits(), null, 0);
    assertThat(first.seen().get(zone).settled()).isTrue();

    ZoneSources second = ZoneSources.read(zone, limits(), first, 0);
    assertThat(second.seen().get(zone)).as("the same reading, kept").isSameAs(first.seen().get(zone));
    assertThat(second.sameAs(first)).isTrue();
  }

  @Test
  void aFileWrittenJustBeforeItsReadIsReadAgainNextTime() throws IOException {
    // Two writes within one tick of the file system's clock leave one stamp: a file that changed within
    // the margin before it was read may have changed again, unseen.
    Path zone = write("busy.zone", "@ 300 IN A 192.0.2.1\n");
    ZoneSources first = ZoneSources.read(zone, limits());
    assertThat(first.seen().get(zone).settled()).isFalse();

    ZoneSources second = ZoneSources.read(zone, limits(), first);
    assertThat(second.seen().get(zone)).isNotSameAs(first.seen().get(zone));
    assertThat(second.seen().get(zone).readStartNanos()).isGreaterThanOrEqualTo(first.seen().get(zone).readStartNanos());
    assertThat(second.digests()).isEqualTo(first.digests());
  }

  @Test
  void anEditEvenOfTheSameSizeAndTimeIsSeen() throws IOException {
    Path zone = write("edited.zone", "@ 300 IN A 192.0.2.1\n");
    ZoneSources first = ZoneSources.read(zone, limits(), null, 0);

    // Rewritten in place: same size, and the modification time put back; the change time moves anyway
    // (once the clock that stamps files has ticked: the margin of 0 given here trusts any earlier stamp).
    waitForTheFileClockToTick();
    java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(zone);
    write("edited.zone", "@ 300 IN A 192.0.2.2\n");
    Files.setLastModifiedTime(zone, modified);
    ZoneSources inPlace = ZoneSources.read(zone, limits(), first, 0);
    assertThat(inPlace.sameAs(first)).isFalse();
    assertThat(inPlace.digests().get(zone)).isEqualTo(checksum(Files.readAllBytes(zone)));

    // Replaced by a rename (as editors and rsync do), same size and modification time: a new inode.
    Path next = write("edited.zone.tmp", "@ 300 IN A 192.0.2.3\n");
    Files.setLastModifiedTime(next, modified);
    Files.move(next, zone, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    ZoneSources renamed = ZoneSources.read(zone, limits(), inPlace, 0);
    assertThat(renamed.sameAs(inPlace)).isFalse();
    assertThat(renamed.digests().get(zone)).isEqualTo(checksum(Files.readAllBytes(zone)));
  }

  @Test
  void theIncludesOfAFileNotReadAgainAreStillFollowed() throws IOException {
    Path hosts = write("hosts.inc", "www 300 IN A 192.0.2.1\n");
    Path zone = write("example.zone", "$ORIGIN example.\n@ 300 IN SOA ns hostmaster 1 2 3 4 5\n$INCLUDE hosts.inc\n");
    ZoneSources first = ZoneSources.read(zone, limits(), null, 0);

    waitForTheFileClockToTick();
    write("hosts.inc", "www 300 IN A 192.0.2.2\n");
    ZoneSources second = ZoneSources.read(zone, limits(), first, 0);
    assertThat(second.seen().get(zone)).as("the zone file itself did not change").isSameAs(first.seen().get(zone));
    assertThat(second.digests()).containsOnlyKeys(zone, hosts);
    assertThat(second.digests().get(hosts)).isEqualTo(checksum(Files.readAllBytes(hosts)));
    assertThat(second.sameAs(first)).isFalse();

    Files.delete(hosts);
    ZoneSources third = ZoneSources.read(zone, limits(), second, 0);
    assertThat(third.digests().get(hosts)).isEqualTo("missing");
    assertThat(third.sameAs(second)).isFalse();
  }

  @Test
  void aLoneFileWithItsStampUnchangedIsKnownUnchangedFromItsStamp() throws IOException {
    long written = System.nanoTime();
    Path zone = write("alone.zone", "@ 300 IN A 192.0.2.1\n");
    ZoneSources soon = ZoneSources.read(zone, limits());
    if (System.nanoTime() - written < 1_500_000_000L) { // else the file had settled by the read
      assertThat(soon.aloneAndUnchanged()).as("read just after a write").isFalse();
    }
    ZoneSources settled = ZoneSources.read(zone, limits(), null, 0);
    assertThat(settled.aloneAndUnchanged()).isTrue();

    waitForTheFileClockToTick();
    write("alone.zone", "@ 300 IN A 192.0.2.2\n");
    assertThat(settled.aloneAndUnchanged()).isFalse();
    Files.delete(zone);
    assertThat(settled.aloneAndUnchanged()).isFalse();

    write("hosts.inc", "www 300 IN A 192.0.2.1\n");
    Path including = write("including.zone", "$INCLUDE hosts.inc\n");
    assertThat(ZoneSources.read(including, limits(), null, 0).aloneAndUnchanged())
        .as("an include is read by the full comparison").isFalse();
  }

  /**
   * Includes are found at the start of a line wherever the 64 KB reads cut the text: a directive split
   * between two reads, one that starts a read, a '$' inside a line (no directive) and a CRLF line end.
   */
  @Test
  void includesAreFoundWhereverTheReadsCutTheText() throws IOException {
    for (String name : List.of("a.inc", "b.inc", "c.inc", "d.inc")) {
      write(name, "www 300 IN A 192.0.2.1\n");
    }
    int read = 1 << 16;
    for (int shift : new int[] {-12, -9, -1, 0, 1, 5}) {
      StringBuilder text = new StringBuilder("$INCLUDE a.inc\n");
      text.append("x 300 IN TXT \"$INCLUDE nothere.inc\"\n");
      String filler = "; filler line, with a $ in it\n";
      while (text.length() + filler.length() < read + shift) {
        text.append(filler);
      }
      text.append(" ".repeat(read + shift - text.length() - 1)).append('\n'); // a line ending just before
      text.append("$INCLUDE b.inc\r\n");
      while (text.length() + filler.length() < 2 * read - 3) {
        text.append(filler);
      }
      text.append("$INCLUDE c.inc\n$INCLUDE d.inc");
      if (shift == 0) {
        // a read that ends inside a line, and the next that starts with '$': no directive
        text.append("\n").append(" ".repeat(3 * read - text.length() - 6)).append("x=1 ; ");
        text.append("$INCLUDE e.inc\n");
      }
      Path zone = write("cut" + shift + ".zone", text.toString());
      ZoneSources sources = ZoneSources.read(zone, limits(), null, 0);
      assertThat(sources.digests().keySet()).as("shift %d", shift).containsExactlyInAnyOrder(zone,
          dir.resolve("a.inc"), dir.resolve("b.inc"), dir.resolve("c.inc"), dir.resolve("d.inc"));
    }
  }

  @Test
  void aFileThatCouldNotBeReadIsReadAgainWhateverItsStamp() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("folder.zone"));
    ZoneSources first = ZoneSources.read(folder, limits(), null, 0);
    assertThat(first.digests().get(folder)).startsWith("unreadable: ");
    assertThat(first.seen().get(folder).settled()).as("an I/O error can pass with no change to the file").isFalse();
    assertThat(first.aloneAndUnchanged()).isFalse();
    assertThat(ZoneSources.read(folder, limits(), first, 0).seen().get(folder)).isNotSameAs(first.seen().get(folder));
  }

  /** Linux stamps files from a coarse clock (a tick of up to 10 ms); what a margin of 0 cannot cover. */
  private static void waitForTheFileClockToTick() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private LoadLimits limits() {
    return LoadLimits.confinedTo(dir, List.of());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  /** Length, CRC-32C and CRC-32, as {@link ContentChecksum} documents them, computed here in one go. */
  private static String checksum(byte[] bytes) {
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(bytes);
    java.util.zip.CRC32 d = new java.util.zip.CRC32();
    d.update(bytes);
    return String.format("%x-%08x-%08x", bytes.length, c.getValue(), d.getValue());
  }
}
