package io.wadns.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code --pid-file}: the process id, written once the server listens, so that {@code kill -HUP
 * $(cat FILE)} and service managers find the right process (never {@code pidof java}). Written to a
 * temporary file and renamed, so a reader never sees half a number; removed on a clean stop if it
 * still holds our id.
 */
final class PidFile implements AutoCloseable {
  private final Path path;
  private final String content;

  private PidFile(Path path, String content) {
    this.path = path;
    this.content = content;
  }

  static PidFile write(Path path) throws IOException {
    String content = ProcessHandle.current().pid() + "\n";
    Path folder = path.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(folder, ".wadns-pid", ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return new PidFile(path, content);
  }

  @Override
  public void close() throws IOException {
    if (Files.isRegularFile(path) && Files.readString(path, StandardCharsets.US_ASCII).equals(content)) {
      Files.delete(path);
    }
  }
}
