package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files are opened before their stamp is taken: those of file systems that cache attributes. */
class CachedAttributesTest {
  @TempDir
  Path dir;

  @Test
  void aFileOfALocalFileSystemIsStampedWithoutAnOpen() throws IOException {
    Path file = Files.writeString(dir.resolve("a.zone"), "@ 300 IN A 192.0.2.1\n");
    String type = Files.getFileStore(file).type();
    assumeTrue(Set.of("ext4", "xfs", "btrfs", "tmpfs", "overlay").contains(type), "a local file system: " + type);
    long device = (Long) Files.getAttribute(file, "unix:dev");
    assertThat(CachedAttributes.openFirst(file, device)).isFalse();
  }

  @Test
  void aDeviceWhoseFileSystemCannotBeFoundIsOpenedFirst() {
    // A device number no file system has, asked about through a file that is not there.
    assertThat(CachedAttributes.openFirst(dir.resolve("gone/a.zone"), -4242L)).isTrue();
  }
}
