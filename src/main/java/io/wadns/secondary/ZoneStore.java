package io.wadns.secondary;

import io.wadns.health.HealthKeys;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;

/**
 * The folder of secondary zones: one zone file per zone, {@code example.com.zone}, written whole to a
 * temporary file, flushed to disk and renamed over the old one, so a crash leaves the old version or
 * the new one, never half of one. Each file is read back with the zone-file reader and builder, so a
 * stored zone passes the same checks as a zone file; includes are never followed. The file's
 * modification time is the last successful refresh, so expiry (RFC 1034 §4.3.5) counts on across a
 * restart.
 */
final class ZoneStore {
  private final Path folder;
  private final LoadLimits limits;

  /** @param serve the limits of zone files: the same record limit and HEALTHCHECK allow-list apply */
  ZoneStore(Path folder, LoadLimits serve) {
    this.folder = folder;
    this.limits = new LoadLimits(List.of(folder), serve.maxRecords(), 0, serve.probeTargets());
  }

  Path folder() {
    return folder;
  }

  /** {@code example.com.zone}; octets outside letters, digits, {@code -} and {@code _} as {@code %XX}. */
  Path fileOf(Name origin) {
    if (origin.equals(Name.root)) {
      return folder.resolve("root.zone");
    }
    StringBuilder b = new StringBuilder();
    String text = origin.toString(true).toLowerCase(Locale.ROOT);
    for (byte c : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xFF));
      }
    }
    return folder.resolve(b + ".zone");
  }

  /** The stored version of {@code origin}, checked; null when none is stored. */
  FileLoad read(Name origin, HealthKeys health) {
    Path file = fileOf(origin);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    return ZoneLoader.load(file, health, limits);
  }

  /** Zone text read and checked as the file it will be stored as, without touching the disk. */
  FileLoad check(Name origin, byte[] text, HealthKeys health) {
    return ZoneLoader.loadText(fileOf(origin), text, health, limits);
  }

  /** Replaces the stored version of {@code origin} with {@code text} (see the class comment). */
  void write(Name origin, byte[] text) throws IOException {
    Files.createDirectories(folder);
    Path file = fileOf(origin);
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(text);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Forgets the stored version of {@code origin}: a member zone that left its catalog. */
  void delete(Name origin) throws IOException {
    Files.deleteIfExists(fileOf(origin));
  }

  /** Marks a successful refresh that changed nothing. */
  void touch(Name origin, Instant when) throws IOException {
    Path file = fileOf(origin);
    if (Files.isRegularFile(file)) {
      Files.setLastModifiedTime(file, FileTime.from(when));
    }
  }

  /** The last successful refresh of the stored version, or null. */
  Instant refreshed(Name origin) {
    try {
      return Files.getLastModifiedTime(fileOf(origin)).toInstant();
    } catch (IOException e) {
      return null;
    }
  }
}
