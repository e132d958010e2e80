package io.wadns.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A TSIG secret kept in a file of its own ({@code secret-file:}), so the configuration can be
 * readable by more people than the secret. Like ssh with a private key, a file that group or others
 * may read or write is refused. What the file holds is never quoted.
 */
final class SecretFile {
  /** A base64 secret of 1024 bytes and a line end fit many times over. */
  static final int MAX_BYTES = 4096;
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  private SecretFile() {}

  /** The base64 text of the file, without surrounding white space; the reason in the exception. */
  static String read(Path file) throws IOException {
    try {
      PosixFileAttributes attributes = posix(file);
      if (attributes != null) {
        if (!attributes.isRegularFile()) {
          throw new IOException("not a regular file");
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
        open.retainAll(OTHERS);
        if (!open.isEmpty()) {
          throw new IOException("readable or writable by group or others ("
              + PosixFilePermissions.toString(attributes.permissions()) + "); chmod 600 " + file);
        }
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IOException("larger than " + MAX_BYTES + " bytes; it should hold one base64 secret");
      }
      return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      throw new IOException("no such file");
    } catch (AccessDeniedException e) {
      throw new IOException("permission denied");
    }
  }

  private static PosixFileAttributes posix(Path file) throws IOException {
    try {
      return Files.readAttributes(file, PosixFileAttributes.class);
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }
}
