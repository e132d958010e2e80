package io.wadns.secondary;

import io.wadns.health.HealthKeys;
import io.wadns.text.ZoneFileName;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.WireZone;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
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

  /** The limits a stored or transferred zone is checked within. */
  LoadLimits limits() {
    return limits;
  }

  /** @param serve the limits of zone files: the same record limit and HEALTHCHECK allow-list apply */
  ZoneStore(Path folder, LoadLimits serve) {
    this.folder = folder;
    this.limits = new LoadLimits(List.of(folder), serve.maxRecords(), 0, serve.probeTargets());
  }

  Path folder() {
    return folder;
  }

  /** {@code example.com.zone}, the root {@code @.zone}: see {@link ZoneFileName}. */
  Path fileOf(Name origin) {
    return folder.resolve(ZoneFileName.of(origin) + ".zone");
  }

  /** The stored version of {@code origin}, checked; null when none is stored. */
  FileLoad read(Name origin, HealthKeys health) {
    Path file = fileOf(origin);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    return ZoneLoader.load(file, health, limits);
  }

  /**
   * Records in wire form checked as the file they will be stored as (the zone-file builder, the same
   * limits), without zone text: how a transfer's result, whole or incremental, is checked before it is
   * served.
   */
  FileLoad check(Name origin, int expected, java.util.function.Consumer<io.wadns.zonetext.RecordSink> records,
      HealthKeys health) {
    return ZoneLoader.loadRecords(fileOf(origin), expected, records, health, limits);
  }

  /** Where the records of a whole transfer of {@code origin} go as they arrive, to be built as its file. */
  WireZone incoming(Name origin) {
    return new WireZone(fileOf(origin), 1024, limits);
  }

  /** Writes zone text to an output stream. */
  interface Text {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes a new version of {@code origin} to a temporary file beside its stored file, flushed to disk,
   * a line at a time (a zone of any size is never held as text in memory); then {@link #commit} or
   * {@link #discard} it. The temporary file is made anew, never through a link; on failure it is deleted.
   */
  Path stage(Name origin, Text text) throws IOException {
    return stage(origin, text, ".tmp");
  }

  /** Numbers the temporary files of this process, so that no two stagings ever share one. */
  static final java.util.concurrent.atomic.AtomicLong STAGINGS = new java.util.concurrent.atomic.AtomicLong();

  /**
   * As {@link #stage(Name, Text)}, to a temporary file of its own ({@code suffix}) for another writer. Each
   * staging has a file of its own ({@code .example.com.zone.tmp.7}): a check of a zone just dropped from a
   * catalog may still stage while the zone, followed anew, stages too, and neither may read or delete the
   * other's. What a crash leaves is deleted by {@link #clearStaged}.
   */
  Path stage(Name origin, Text text, String suffix) throws IOException {
    Files.createDirectories(folder);
    Path file = fileOf(origin);
    Path temp = file.resolveSibling("." + file.getFileName() + suffix + "." + STAGINGS.incrementAndGet());
    Files.deleteIfExists(temp); // left by a crash; a link is removed, never followed
    boolean written = false;
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      text.writeTo(out);
      out.flush();
      ch.force(true);
      written = true;
    } finally {
      if (!written) {
        discard(temp);
      }
    }
    return temp;
  }

  /**
   * Deletes the temporary files a crash left ({@code .NAME.zone.tmp.N}, {@code .NAME.zone.store.tmp.N}):
   * called once at start, before any staging.
   */
  void clearStaged() {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(folder, ".*.zone*.tmp.*")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      // left for the next start; each staging has a new name, so none is in the way
    }
  }

  /** The staged version becomes the stored version of {@code origin} (see the class comment). */
  void commit(Name origin, Path staged) throws IOException {
    Path file = fileOf(origin);
    try {
      Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
    }
    syncFolder();
  }

  /** Deletes a staged version that is not kept; quietly, since it is only a temporary file. */
  void discard(Path staged) {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      // the next stage() of the zone deletes it
    }
  }

  /** Replaces the stored version of {@code origin} with {@code text} (see the class comment). */
  void write(Name origin, byte[] text) throws IOException {
    Path staged = stage(origin, out -> out.write(text));
    try {
      commit(origin, staged);
    } finally {
      discard(staged);
    }
  }

  /** A rename or delete is durable once the folder is flushed too (POSIX: the entry lives in the folder). */
  void syncFolder() {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every system can open or flush a folder (Windows cannot): the rename stands, maybe not a crash
    }
  }

  /** Forgets the stored version of {@code origin}: a member zone that left its catalog. */
  void delete(Name origin) throws IOException {
    if (Files.deleteIfExists(fileOf(origin))) {
      syncFolder();
    }
  }

  /**
   * As {@link #delete}, without flushing the folder: for many zones at once (a catalog that drops
   * thousands of members), followed by one {@link #syncFolder()}.
   */
  void deleteUnsynced(Name origin) throws IOException {
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
