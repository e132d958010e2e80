package io.wadns.transfer;

import io.wadns.text.ZoneFileName;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A zone's journal on disk, so that IXFR survives a restart: one file per zone in the journal
 * folder, written whole to a temporary file and renamed over the old one (a crash leaves the old file
 * or the new, never half of one). The format: {@code WADNSJ1\n}, the origin, then each difference as
 * its two serials, its record count, its length and its records. A file that does not read back whole
 * is ignored: the secondaries then transfer the whole zone once.
 *
 * <p>Not flushed to disk: a reload that changes 10,000 zones writes 10,000 journals on the reload
 * thread, and a flush each would hold it for seconds on an SSD, minutes on a disk, where the most a
 * power loss can cost is a journal that does not read back, so one whole transfer per zone.
 */
final class JournalFile {
  private static final byte[] MAGIC = "WADNSJ1\n".getBytes(StandardCharsets.US_ASCII);

  private final Path folder;

  JournalFile(Path folder) {
    this.folder = folder;
  }

  /**
   * {@code example.com.journal}, the root {@code @.journal}: see {@link ZoneFileName} (one file per
   * zone, never shared; the origin inside is checked on reading all the same).
   */
  Path fileOf(Name origin) {
    return folder.resolve(ZoneFileName.of(origin) + ".journal");
  }

  void write(Name origin, Journal journal) throws IOException {
    Files.createDirectories(folder);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      byte[] name = origin.toWireCanonical();
      out.writeShort(name.length);
      out.write(name);
      out.writeInt(journal.differences().size());
      for (Difference d : journal.differences()) {
        out.writeInt((int) d.fromSerial());
        out.writeInt((int) d.toSerial());
        out.writeInt(d.count());
        out.writeInt(d.records().length);
        out.write(d.records());
      }
    }
    Path file = fileOf(origin);
    Path temp = folder.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(temp); // left by a crash; a link is removed, never followed
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
    }
    try {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The journal of {@code origin}, empty when there is none; an unreadable file is an IOException. */
  Journal read(Name origin) throws IOException {
    Path file = fileOf(origin);
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return fromLegacyName(origin, file);
    }
    return parse(origin, all);
  }

  /**
   * The journal an older wadns wrote under the name it gave files then ({@code example.com.journal}, the
   * root {@code .journal}, odd octets all {@code %}), moved to the name of {@link #fileOf}, so an upgrade
   * keeps the secondaries' IXFR; empty when there is none or it is another zone's (the old names could
   * collide).
   */
  private Journal fromLegacyName(Name origin, Path file) {
    String text = origin.toString().toLowerCase(java.util.Locale.ROOT);
    StringBuilder safe = new StringBuilder();
    for (char c : text.toCharArray()) {
      safe.append(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '%');
    }
    Path legacy = folder.resolve(safe + "journal");
    if (legacy.equals(file) || !Files.isRegularFile(legacy, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Journal.EMPTY;
    }
    try {
      Journal journal = parse(origin, Files.readAllBytes(legacy));
      Files.move(legacy, file);
      return journal;
    } catch (IOException e) {
      return Journal.EMPTY; // another zone's, or damaged: the secondaries transfer the whole zone once
    }
  }

  private static Journal parse(Name origin, byte[] all) throws IOException {
    try (InputStream raw = new java.io.ByteArrayInputStream(all); DataInputStream in = new DataInputStream(raw)) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a wadns journal");
      }
      byte[] name = in.readNBytes(in.readUnsignedShort());
      if (!java.util.Arrays.equals(name, origin.toWireCanonical())) {
        throw new IOException("the journal of another zone");
      }
      int n = in.readInt();
      List<Difference> list = new ArrayList<>();
      long size = 0;
      for (int i = 0; i < n; i++) {
        long from = in.readInt() & 0xFFFFFFFFL;
        long to = in.readInt() & 0xFFFFFFFFL;
        int count = in.readInt();
        int length = in.readInt();
        if (length < 0 || length > all.length) {
          throw new IOException("a difference longer than the file");
        }
        byte[] records = in.readNBytes(length);
        if (records.length != length) {
          throw new IOException("cut short");
        }
        Difference d = new Difference(from, to, records, count);
        if (!IxfrRecords.valid(d)) {
          throw new IOException("a damaged difference (serial " + from + " to " + to + ")");
        }
        list.add(d);
        size += d.size();
      }
      if (in.read() != -1) {
        throw new IOException("bytes after the last difference");
      }
      return new Journal(list, size);
    }
  }

  void delete(Name origin) throws IOException {
    Files.deleteIfExists(fileOf(origin));
  }
}
