package io.wadns.zonetext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides which file an {@code $INCLUDE} may read: zone files are untrusted input, and an include
 * could otherwise read anything the server can ({@code /proc/self/environ}, a FIFO that never ends).
 *
 * <p>Implementations must be thread-safe if one reader is used from several threads.
 */
@FunctionalInterface
public interface IncludePolicy {
  /**
   * Resolves the path an {@code $INCLUDE} names, or refuses it.
   *
   * @param includingFile the file the directive is in, or null when reading from a stream
   * @param requested the path as written in the directive
   * @return the file to read
   * @throws IOException to refuse; its message says why, and is quoted (shortened) in the problem
   */
  Path resolve(Path includingFile, String requested) throws IOException;

  /**
   * The default: a relative path is relative to the including file's folder (RFC 1035 §5.1 leaves
   * this open; BIND, NSD and Knot do so), and only a regular file may be read.
   */
  static IncludePolicy regularFiles() {
    return (includingFile, requested) -> {
      Path path = Path.of(requested);
      if (!path.isAbsolute()) {
        if (includingFile == null) {
          throw new IOException("a relative path needs the including zone to be a file");
        }
        Path folder = includingFile.toAbsolutePath().getParent();
        path = folder == null ? path : folder.resolve(path);
      }
      if (!Files.isRegularFile(path)) {
        throw new IOException(Files.exists(path) ? "not a regular file" : "no such file");
      }
      return path;
    };
  }

  /** Like {@link #regularFiles()}, and the file (symbolic links followed) must be inside {@code folder}. */
  static IncludePolicy confinedTo(Path folder) {
    IncludePolicy regular = regularFiles();
    return (includingFile, requested) -> {
      Path path = regular.resolve(includingFile, requested).toRealPath();
      if (!path.startsWith(folder.toRealPath())) {
        throw new IOException("outside the zone folder");
      }
      return path;
    };
  }

  /** Refuses every {@code $INCLUDE}. */
  static IncludePolicy none() {
    return (includingFile, requested) -> {
      throw new IOException("$INCLUDE is not allowed here");
    };
  }
}
