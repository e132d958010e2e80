package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zone files open the cheap way when that is the same file, and fail as {@code Files} fails. */
class FileOpeningTest {
  @TempDir
  Path dir;

  private static byte[] readAll(Path file) throws IOException {
    try (InputStream in = FileOpening.open(file)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aPlainNameOpensThroughFileInputStreamWithItsBytes() throws IOException {
    Path file = Files.writeString(dir.resolve("example.com.zone"), "@ 3600 IN A 192.0.2.1\n");
    try (InputStream in = FileOpening.open(file)) {
      assertThat(in).isInstanceOf(FileInputStream.class);
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("@ 3600 IN A 192.0.2.1\n");
    }
  }

  @Test
  void aNameBeyondAsciiOpensTheNioWayWithItsBytes() throws IOException {
    Path file;
    try {
      file = dir.resolve("bücher.example.zone");
      Files.writeString(file, "www A 192.0.2.7\n");
    } catch (InvalidPathException | IOException e) {
      assumeTrue(false, "the file system's name encoding cannot hold ü here");
      return;
    }
    try (InputStream in = FileOpening.open(file)) {
      assertThat(in).isNotInstanceOf(FileInputStream.class);
    }
    assertThat(readAll(file)).isEqualTo("www A 192.0.2.7\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aMissingFileFailsAsMissing() {
    assertThatThrownBy(() -> readAll(dir.resolve("gone.zone"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aFolderFailsOnItsRead() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("folder.zone"));
    assertThatThrownBy(() -> readAll(folder)).isInstanceOf(IOException.class)
        .isNotInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aPathThroughAFileFailsAsThatAndNotAsMissing() throws IOException {
    Path file = Files.writeString(dir.resolve("file.zone"), "x");
    assertThatThrownBy(() -> readAll(file.resolve("inside.zone"))).isInstanceOf(FileSystemException.class)
        .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining("Not a directory");
  }

  @Test
  void asciiIsTold() {
    assertThat(FileOpening.plainAscii("/etc/wadns/zones/example.com.zone")).isTrue();
    assertThat(FileOpening.plainAscii("")).isTrue();
    assertThat(FileOpening.plainAscii("/zones/\u007f")).isTrue();
    assertThat(FileOpening.plainAscii("/zones/\u0080")).isFalse();
    assertThat(FileOpening.plainAscii("/zones/\ufffd.zone")).isFalse();
  }
}
