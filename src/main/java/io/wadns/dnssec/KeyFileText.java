package io.wadns.dnssec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Reads a key file as lines, bounded in size, and for a private key file only when no other user can
 * read it. Key files are a few hundred bytes (a 4096-bit RSA .private is about 3 KB), so anything
 * larger is not a key file.
 */
final class KeyFileText {
  /** Far above any key file, far below anything that could hurt the server to read. */
  static final int MAX_BYTES = 64 * 1024;

  private KeyFileText() {}

  /** The lines of a public file (.key). */
  static List<String> readPublic(Path file) throws KeyFileException {
    return read(file);
  }

  /**
   * The lines of a private file (.private), refused when group or others may read it: the file holds
   * the zone's signing secret, and BIND and Knot write it with mode 600 for that reason.
   */
  static List<String> readPrivate(Path file) throws KeyFileException {
    requireOwnerOnly(file);
    return read(file);
  }

  /** Permissions that let another user read the secret or change it (so as to sign with a key of theirs). */
  private static final Set<PosixFilePermission> OTHERS = java.util.EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  /**
   * Refuses a private key file that a user other than its owner may read or write (as ssh does a private
   * key, and as the TSIG secret files are), or that belongs to a user other than this process's or root:
   * that user could read it whatever its mode.
   */
  static void requireOwnerOnly(Path file) throws KeyFileException {
    Set<PosixFilePermission> mode;
    String owner;
    try {
      java.nio.file.attribute.PosixFileAttributes attributes = Files.readAttributes(file,
          java.nio.file.attribute.PosixFileAttributes.class);
      mode = attributes.permissions();
      owner = attributes.owner().getName();
    } catch (UnsupportedOperationException e) {
      return; // not a POSIX file system: its access control is outside what wadns can check
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, 0, "missing (every .key file needs its .private file)");
    } catch (IOException e) {
      throw new KeyFileException(file, 0, "cannot read permissions: " + e.getClass().getSimpleName());
    }
    if (mode.stream().anyMatch(OTHERS::contains)) {
      throw new KeyFileException(file, 0, "private key is readable or writable by other users (mode "
          + PosixFilePermissions.toString(mode) + "); run: chmod 600 " + file);
    }
    String us = System.getProperty("user.name");
    if (!owner.equals(us) && !owner.equals("root")) {
      throw new KeyFileException(file, 0, "private key belongs to user " + owner + ", who can read it, not to "
          + us + " (wadns) or root; run: chown " + us + " " + file);
    }
  }

  private static List<String> read(Path file) throws KeyFileException {
    if (!Files.isRegularFile(file)) {
      throw new KeyFileException(file, 0, Files.exists(file) ? "not a regular file" : "missing");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // Read one byte past the limit, so a file that grows while being read is still refused.
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new KeyFileException(file, 0, "cannot read: " + e.getClass().getSimpleName());
    }
    if (bytes.length > MAX_BYTES) {
      throw new KeyFileException(file, 0, "larger than " + MAX_BYTES / 1024 + " KB: not a key file");
    }
    try {
      String text = StandardCharsets.US_ASCII.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return text.lines().toList();
    } catch (CharacterCodingException e) {
      throw new KeyFileException(file, 0, "not ASCII text: not a key file");
    }
  }
}
