package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's stamp read off the stat's own object: the same stamp the {@code unix} view gives, and as sensitive. */
class UnixStatTest {
  @TempDir
  Path dir;

  @BeforeEach
  void unix() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"), "a Unix file system");
  }

  @Test
  void testsReadStampsAsTheServerDoes() {
    // The build opens the package to the tests as the jar's manifest opens it to the server.
    assertThat(UnixStat.AVAILABLE).isTrue();
  }

  @Test
  void aFileAFolderAndALinkGetTheStampsOfTheUnixView() throws IOException {
    Path file = Files.writeString(dir.resolve("a.zone"), "@ 300 IN A 192.0.2.1\n");
    Path folder = Files.createDirectory(dir.resolve("sub.zone"));
    Path link = Files.createSymbolicLink(dir.resolve("link.zone"), file);
    for (Path p : new Path[] {file, folder, link, Path.of("/dev/null")}) {
      FileStamp read = UnixStat.read(p);
      assertThat(read).as("%s", p).isEqualTo(FileStamp.viewed(p)).isNotNull();
      Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,size,ctime,isRegularFile");
      assertThat(read.device()).isEqualTo(a.get("dev"));
      assertThat(read.inode()).isEqualTo(a.get("ino"));
      assertThat(read.size()).isEqualTo(a.get("size"));
      assertThat(read.changed()).isEqualTo(((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
      assertThat(read.regular()).isEqualTo(a.get("isRegularFile"));
    }
    assertThat(UnixStat.read(link)).isEqualTo(UnixStat.read(file)); // links followed, as reading does
    assertThat(UnixStat.read(file).regular()).isTrue();
    assertThat(UnixStat.read(folder).regular()).isFalse();
  }

  @Test
  void aRewriteOfTheSameSizeWithItsTimeSetBackStillMovesTheStamp() throws Exception {
    Path file = Files.writeString(dir.resolve("a.zone"), "@ 300 IN A 192.0.2.1\n");
    FileTime modified = Files.getLastModifiedTime(file);
    FileStamp before = UnixStat.read(file);
    FileStamp after = before;
    // Past the tick of the file system's clock: a few milliseconds here, up to a second or two on some.
    for (int i = 0; i < 30 && after.changed() == before.changed(); i++) {
      Thread.sleep(i == 0 ? 20 : 100);
      Files.writeString(file, "@ 300 IN A 192.0.2." + (2 + i % 2) + "\n");
      Files.setLastModifiedTime(file, modified);
      after = UnixStat.read(file);
    }
    assertThat(after.size()).isEqualTo(before.size());
    assertThat(after.modified()).isEqualTo(before.modified());
    assertThat(after.changed()).isGreaterThan(before.changed());
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void aChangeOfPermissionsAloneMovesTheStamp() throws Exception {
    Path file = Files.writeString(dir.resolve("a.zone"), "@ 300 IN A 192.0.2.1\n");
    FileStamp before = UnixStat.read(file);
    FileStamp after = before;
    for (int i = 0; i < 30 && after.equals(before); i++) {
      Thread.sleep(i == 0 ? 20 : 100);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(i % 2 == 0 ? "r--r-----" : "rw-r-----"));
      after = UnixStat.read(file);
    }
    assertThat(after.modified()).isEqualTo(before.modified());
    assertThat(after).isNotEqualTo(before).isEqualTo(FileStamp.viewed(file));
  }

  @Test
  void aFileThatVanishedHasNoStampAndAFileSystemWithoutUnixAttributesIsAskedNoMore() throws IOException {
    assertThat(FileStamp.statOnly(dir.resolve("gone.zone"))).isNull();
    Path zip = dir.resolve("zones.zip");
    try (java.nio.file.FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
      Path inside = Files.writeString(fs.getPath("a.zone"), "@ 300 IN A 192.0.2.1\n");
      assertThat(FileStamp.statOnly(inside)).isNull(); // always read, never trusted from a stamp
    }
  }

  @Test
  void aFileThatIsNotThereIsAnError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> UnixStat.read(dir.resolve("gone.zone")))
        .isInstanceOf(IOException.class);
  }
}
