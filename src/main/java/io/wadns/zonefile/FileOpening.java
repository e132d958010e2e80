package io.wadns.zonefile;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a zone file for reading the cheaper way where that is the same file.
 *
 * <p>Why: {@code Files.newInputStream} builds an option set, a channel and its stream for every file, and a
 * start of 10,000 zones runs it before the JIT has compiled any of it: opening, reading and closing 10,000
 * small files took 407-424 ms that way on one CPU of a fresh JVM, against 252-260 ms through
 * {@link FileInputStream}, which opens with one native call.
 *
 * <p>{@code FileInputStream} names a file by its path as a string, which the JVM encodes again; a name
 * that is not plain ASCII might not encode back to the bytes the listing found, so such names, and paths of
 * other file systems, go through {@code Files}. So does every failure: the file is opened again the NIO
 * way, whose exceptions say why ({@code NoSuchFileException} for a missing file, which the callers tell
 * from an unreadable one), where {@code FileNotFoundException} folds every reason into its message.
 */
final class FileOpening {
  private FileOpening() {}

  /** A stream of {@code file}'s bytes, failing as {@link Files#newInputStream} fails. */
  static InputStream open(Path file) throws IOException {
    if (file.getFileSystem() == FileSystems.getDefault()) {
      String name = file.toString();
      if (plainAscii(name)) {
        try {
          return new FileInputStream(name);
        } catch (FileNotFoundException | SecurityException e) {
          // Opened again below, for the exception that says why.
        }
      }
    }
    return Files.newInputStream(file);
  }

  /** True when every character of {@code name} is ASCII, which every file name encoding keeps as it is. */
  static boolean plainAscii(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
