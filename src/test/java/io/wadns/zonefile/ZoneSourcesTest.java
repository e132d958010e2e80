package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digests a reload compares: each file's own SHA-256, whatever was digested before on the thread. */
class ZoneSourcesTest {
  @TempDir
  Path dir;

  @Test
  void eachFileGetsTheSha256OfItsOwnBytes() throws Exception {
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
      assertThat(sources.digests()).containsExactlyEntriesOf(java.util.Map.of(file, sha256(bytes)));
    }
  }

  @Test
  void includedFilesAreDigestedToo() throws IOException {
    Path hosts = write("hosts.inc", "www 300 IN A 192.0.2.1\n");
    Path zone = write("example.zone", "$ORIGIN example.\n@ 300 IN SOA ns hostmaster 1 2 3 4 5\n$INCLUDE hosts.inc\n");
    ZoneSources sources = ZoneSources.read(zone, limits());
    assertThat(sources.digests()).containsOnlyKeys(zone, hosts);
    assertThat(sources.digests().get(hosts)).isEqualTo(sha256(Files.readAllBytes(hosts)));
    assertThat(sources.digests().get(zone)).isEqualTo(sha256(Files.readAllBytes(zone)));
    assertThat(sources.unchanged()).isTrue();
    write("hosts.inc", "www 300 IN A 192.0.2.2\n");
    assertThat(sources.unchanged()).isFalse();
  }

  @Test
  void anUnreadableFileDoesNotSpoilTheNextDigest() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("folder.zone"));
    assertThat(ZoneSources.read(folder, limits()).digests().get(folder)).startsWith("unreadable: ");
    Path zone = write("after.zone", "@ 300 IN A 192.0.2.1\n");
    assertThat(ZoneSources.read(zone, limits()).digests().get(zone)).isEqualTo(sha256(Files.readAllBytes(zone)));
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
        .isEqualTo(sha256(second));
  }

  private LoadLimits limits() {
    return LoadLimits.confinedTo(dir, List.of());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
