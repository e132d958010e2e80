package io.wadns.zonefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The files one zone is read from (its zone file and every {@code $INCLUDE}, transitively) with a
 * checksum of each ({@link ContentChecksum}), so a reload can tell an unchanged zone without parsing it.
 *
 * <p>Taken before parsing: if a file changes while it is parsed, the digest is of the older bytes and
 * the next reload parses it again, never the other way round. Includes are found by a quick scan for
 * lines starting with {@code $INCLUDE} (RFC 1035 §5.1: a control entry starts its line), resolved as
 * the reader resolves them. A missing file is recorded as such, so its appearance counts as a change.
 *
 * <p>A reload reads again only the files that changed: a file whose {@link FileStamp} (inode, size,
 * modification and change times) is the one it had when it was last digested, and had settled well
 * before that read, keeps its digest and its includes unread, as NSD and git's index trust a file's
 * times. With 10,000 zones, or a few of millions of records, a reload after one edit then reads one file.
 *
 * @param file the zone file
 * @param digests each file read, the zone file first, to its digest (or why it could not be read)
 * @param seen each file digested, to what it looked like then and what it included
 */
public record ZoneSources(Path file, Map<Path, String> digests, LoadLimits limits, Map<Path, Seen> seen) {
  /** As the zone-file reader: deeper nesting is an error there, so nothing deeper is read. */
  private static final int MAX_INCLUDE_DEPTH = 8;
  private static final int MAX_FILES = 256;
  /**
   * How long before its read a file must have last changed for its stamp to be trusted later. Above the
   * coarsest time stamps in use (one second, as on ext3 or some network file systems), with room for skew.
   */
  private static final long SETTLED_NANOS = 2_000_000_000L;
  /** The digest of a file that is not there, and the start of one that could not be read. */
  private static final String MISSING = "missing";
  private static final String UNREADABLE = "unreadable: ";

  /** True when {@code digest} is of bytes read, not a file missing or unreadable. */
  private static boolean readFine(String digest) {
    return !digest.equals(MISSING) && !digest.startsWith(UNREADABLE);
  }

  /**
   * A file as digested: its stamp then (null when the platform has none), whether that stamp can be
   * trusted later (the file had settled before its read began), when the read began (wall clock, in
   * nanoseconds), its digest and its includes.
   */
  record Seen(FileStamp stamp, boolean settled, long readStartNanos, String digest, List<Path> includes) {
    Seen {
      includes = List.copyOf(includes);
    }

    /** True when the file, stamped {@code now}, must still hold the bytes this digest was taken of. */
    boolean stillHolds(FileStamp now) {
      return settled && stamp.equals(now);
    }

    /** Read fine, but too soon after its last change for its stamp to be trusted; a stamp could be later. */
    boolean awaitsSettling() {
      return stamp != null && !settled && readFine(digest);
    }
  }

  public ZoneSources {
    digests = Map.copyOf(digests);
    seen = Map.copyOf(seen);
  }

  /** Nothing read: zone text that came from no file. */
  static ZoneSources none(Path file) {
    return new ZoneSources(file, Map.of(), LoadLimits.confinedTo(file.toAbsolutePath().getParent(), List.of()),
        Map.of());
  }

  /**
   * Digests {@code file} and everything it includes, as they are on disk now. Includes that
   * {@code limits} refuse (outside the include roots, not regular files) are recorded as refused and
   * never opened: a FIFO must not block this scan, nor {@code /dev/zero} make it endless.
   */
  public static ZoneSources read(Path file, LoadLimits limits) {
    return read(file, limits, null);
  }

  /**
   * As {@link #read(Path, LoadLimits)}, but a file that {@code before} digested and that has not changed
   * since (same stamp, settled before that read) keeps that digest and those includes without being read.
   */
  public static ZoneSources read(Path file, LoadLimits limits, ZoneSources before) {
    return read(file, limits, before, SETTLED_NANOS);
  }

  /** As {@link #read(Path, LoadLimits, ZoneSources)}, with a file settled {@code settledNanos} before its read. */
  static ZoneSources read(Path file, LoadLimits limits, ZoneSources before, long settledNanos) {
    return read(file, limits, before, settledNanos, false).sources();
  }

  /**
   * The sources as {@link #read(Path, LoadLimits, ZoneSources)} finds them, with the bytes of the zone
   * file itself when they were read now for its digest and the file is small: the load that follows
   * parses them instead of reading the file again (for 10,000 small zones, 10,000 opens, reads and
   * closes fewer). Held until that load returns, so at most one file below 4 MiB per loading thread;
   * never with the sources a zone keeps.
   *
   * @param text the zone file's bytes, the very bytes digested; null when it was not read now (its
   *     stamp had not changed), could not be read, is not a regular file, or has 4 MiB or more
   *     ({@link ZoneLoader#CHUNKED_FROM_BYTES}; such a file is read again by the loader)
   */
  public record Read(ZoneSources sources, byte[] text) {}

  /** As {@link #read(Path, LoadLimits, ZoneSources)}, keeping the zone file's bytes: see {@link Read}. */
  public static Read readKeepingText(Path file, LoadLimits limits, ZoneSources before) {
    return read(file, limits, before, SETTLED_NANOS, true);
  }

  /** As {@link #readKeepingText(Path, LoadLimits, ZoneSources)}, with a file settled {@code settledNanos} before its read. */
  static Read readKeepingText(Path file, LoadLimits limits, ZoneSources before, long settledNanos) {
    return read(file, limits, before, settledNanos, true);
  }

  /**
   * As {@link #readKeepingText(Path, LoadLimits, ZoneSources)}, with the zone file's stamp as its listing
   * took it: not taken again.
   */
  public static Read readKeepingText(ListedFile file, LoadLimits limits, ZoneSources before) {
    return read(file.path(), file.stamp(), limits, before, SETTLED_NANOS, true);
  }

  private static Read read(Path file, LoadLimits limits, ZoneSources before, long settledNanos, boolean keepText) {
    return read(file, null, limits, before, settledNanos, keepText);
  }

  /** @param listed the zone file's stamp as its listing took it, or null to take it now */
  private static Read read(Path file, FileStamp listed, LoadLimits limits, ZoneSources before, long settledNanos,
      boolean keepText) {
    Map<Path, String> digests = new LinkedHashMap<>();
    Map<Path, Seen> seen = new HashMap<>();
    Scan scan = new Scan(digests, seen, limits, before == null ? Map.of() : before.seen(), settledNanos, keepText,
        listed);
    scan(file, 1, scan);
    return new Read(new ZoneSources(file, digests, limits, seen), scan.text);
  }

  /** One read's state: what it found so far, what it may reuse, and the zone file's bytes if kept. */
  private static final class Scan {
    final Map<Path, String> digests;
    final Map<Path, Seen> seen;
    final LoadLimits limits;
    final Map<Path, Seen> before;
    final long settledNanos;
    final boolean keepText;
    /** The zone file's stamp from its listing, or null to take it when it is scanned. */
    final FileStamp listed;
    byte[] text;

    Scan(Map<Path, String> digests, Map<Path, Seen> seen, LoadLimits limits, Map<Path, Seen> before,
        long settledNanos, boolean keepText, FileStamp listed) {
      this.digests = digests;
      this.seen = seen;
      this.limits = limits;
      this.before = before;
      this.settledNanos = settledNanos;
      this.keepText = keepText;
      this.listed = listed;
    }
  }

  /** True when every file still has the digest it had, and no include was added or removed. */
  public boolean unchanged() {
    return sameAs(read(file, limits, this));
  }

  /**
   * True when this read was of one file with no includes, and that file has the stamp it had then, taken
   * after it had settled: what {@link #read(Path, LoadLimits, ZoneSources)} would find, known from one
   * {@code stat} and without a new read (a reload of 10,000 unchanged zones makes nothing new for them).
   */
  public boolean aloneAndUnchanged() {
    return aloneAndUnchanged(FileStamp.of(file));
  }

  /** As {@link #aloneAndUnchanged()}, with the file stamped as its listing found it, {@code now}. */
  public boolean aloneAndUnchanged(ListedFile now) {
    return now.path().equals(file) && aloneAndUnchanged(now.stamp() != null ? now.stamp() : FileStamp.of(file));
  }

  private boolean aloneAndUnchanged(FileStamp now) {
    if (seen.size() != 1 || digests.size() != 1) {
      return false;
    }
    Seen last = seen.get(file);
    return last != null && last.includes().isEmpty() && last.stamp() != null && last.stillHolds(now);
  }

  /**
   * True when a file of these was read too soon after its last change for its stamp to be trusted: every
   * reload reads it again until a read finds it settled (see {@link #settlesOnAnotherRead}).
   */
  public boolean awaitsSettling() {
    for (Seen s : seen.values()) {
      if (s.awaitsSettling()) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a file {@linkplain #awaitsSettling awaiting settling} last changed, as stamped then, long
   * enough ago that a read now would find it settled (if it has not changed since).
   */
  public boolean settlesOnAnotherRead() {
    long now = wallClockNanos();
    for (Seen s : seen.values()) {
      if (s.awaitsSettling() && s.stamp().settledBefore(now, SETTLED_NANOS)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code other} found the same files with the same digests. */
  public boolean sameAs(ZoneSources other) {
    return other.digests().equals(digests);
  }

  private static void scan(Path file, int depth, Scan scan) {
    Map<Path, String> digests = scan.digests;
    if (depth > MAX_INCLUDE_DEPTH || digests.size() >= Math.min(MAX_FILES, scan.limits.maxIncludes() + 1)
        || digests.containsKey(file)) {
      return;
    }
    String refusal = depth == 1 ? null : scan.limits.refusal(file);
    if (refusal != null) {
      digests.put(file, "refused: " + refusal);
      return;
    }
    FileStamp stamp = depth == 1 && scan.listed != null ? scan.listed : FileStamp.of(file);
    Seen last = scan.before.get(file);
    Seen now;
    if (last != null && last.stillHolds(stamp)) {
      now = last;
    } else {
      long readStart = wallClockNanos();
      boolean settled = stamp != null && stamp.settledBefore(readStart, scan.settledNanos);
      List<Path> includes = new ArrayList<>();
      // Only a regular file's bytes: the loader refuses anything else, which it must see as it is.
      boolean keep = depth == 1 && scan.keepText && stamp != null && stamp.regular()
          && stamp.size() < ZoneLoader.CHUNKED_FROM_BYTES;
      String digest = digest(file, includes, keep ? (int) stamp.size() : -1, text -> scan.text = text);
      // A read that failed is tried again next time: an I/O error can pass without the file changing.
      now = new Seen(stamp, settled && readFine(digest), readStart,
          digest, includes);
    }
    digests.put(file, now.digest());
    scan.seen.put(file, now);
    for (Path included : now.includes()) {
      scan(included, depth + 1, scan);
    }
  }

  /** The wall clock, which the file system's time stamps follow, in nanoseconds since the epoch. */
  private static long wallClockNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * The checksum of the file's bytes, collecting its {@code $INCLUDE} targets on the way. The
   * bytes are scanned as they are digested: only lines that start with {@code $} become strings, so
   * a million-line zone costs one pass and no garbage per line.
   */
  private static String digest(Path file, List<Path> includes, int keepSize, Consumer<byte[]> keep) {
    try (InputStream in = FileOpening.open(file)) {
      return keepSize < 0 ? digest(in, file, includes) : digestKeeping(in, file, includes, keepSize, keep);
    } catch (NoSuchFileException e) {
      return MISSING;
    } catch (IOException e) {
      return UNREADABLE + e.getMessage();
    }
  }

  /** {@link #digest(Path, List, int, Consumer)} of what {@code in} holds; {@code file} resolves relative includes. */
  static String digest(InputStream in, Path file, List<Path> includes) throws IOException {
    DigestScan scan = new DigestScan(file, includes);
    scan.rest(in);
    return scan.finish();
  }

  /**
   * As {@link #digest(InputStream, Path, List)}, reading the stream into one array of {@code size} bytes
   * (its file's size when stamped) and handing {@code keep} the bytes when that holds the whole stream (a
   * file that shrank since, its shorter bytes). A file that grew since is digested whole, and nothing is
   * kept: the loader reads it again.
   */
  static String digestKeeping(InputStream in, Path file, List<Path> includes, int size, Consumer<byte[]> keep)
      throws IOException {
    DigestScan scan = new DigestScan(file, includes);
    byte[] text = new byte[size];
    int n = in.readNBytes(text, 0, text.length);
    scan.update(text, 0, n);
    int more = in.read();
    if (more < 0) {
      keep.accept(n == text.length ? text : Arrays.copyOf(text, n));
    } else {
      scan.update(new byte[] {(byte) more}, 0, 1);
      scan.rest(in);
    }
    return scan.finish();
  }

  /** A checksum of zone text as it comes, collecting its {@code $INCLUDE} targets on the way. */
  private static final class DigestScan {
    private final Path file;
    private final List<Path> includes;
    private final Scratch scratch = SCRATCH.get();
    // A directive line being collected (lines starting with '$'), capped: an $INCLUDE is short.
    private StringBuilder directive;
    private boolean lineStart = true;

    DigestScan(Path file, List<Path> includes) {
      this.file = file;
      this.includes = includes;
      scratch.checksum.reset(); // a scan cut short by an exception may have left bytes in it
    }

    void rest(InputStream in) throws IOException {
      byte[] buffer = scratch.buffer;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        update(buffer, 0, n);
      }
    }

    void update(byte[] bytes, int offset, int length) {
      scratch.checksum.update(bytes, offset, length);
      if (length == 0) {
        return;
      }
      // Only a '$' that starts a line can start a directive, and a '$' is rare: the loop looks for it
      // alone, one comparison per byte (this runs once per byte of a file of millions of lines, as C1
      // compiles it: compiler-directives.json), and looks back one byte to tell whether it starts a line.
      // Locals, not the fields, in the loops: C1 stores a field at every write.
      StringBuilder directive = this.directive;
      int end = offset + length;
      int i = offset;
      while (i < end) {
        if (directive != null) {
          int lineEnd = i;
          while (lineEnd < end && bytes[lineEnd] != '\n') {
            lineEnd++;
          }
          for (int j = i; j < lineEnd && directive.length() < 4096; j++) {
            directive.append((char) (bytes[j] & 0xFF)); // ISO-8859-1: every byte one char, never an error
          }
          if (lineEnd == end) {
            break; // the line goes on in the next read
          }
          include(file, directive.toString(), includes);
          directive = null;
          i = lineEnd + 1;
          continue;
        }
        int dollar = i;
        while (dollar < end && bytes[dollar] != '$') {
          dollar++;
        }
        if (dollar == end) {
          break;
        }
        if (dollar == offset ? lineStart : bytes[dollar - 1] == '\n') {
          directive = new StringBuilder(64).append('$');
        }
        i = dollar + 1;
      }
      this.directive = directive;
      this.lineStart = bytes[end - 1] == '\n';
    }

    String finish() {
      if (directive != null) {
        include(file, directive.toString(), includes);
      }
      return scratch.checksum.value();
    }
  }

  /** Records the target of {@code line} when it is an {@code $INCLUDE} directive. */
  private static void include(Path file, String line, List<Path> includes) {
    if (line.length() > 8 && line.regionMatches(true, 0, "$INCLUDE", 0, 8) && Character.isWhitespace(line.charAt(8))) {
      String target = firstToken(line.substring(9));
      if (target != null) {
        try {
          includes.add(resolve(file, target));
        } catch (InvalidPathException e) {
          // The reader fails on it too, so the zone is not served; nothing to watch.
        }
      }
    }
  }

  /** The file name of a {@code $INCLUDE}: a quoted string or a word ending at blank or comment. */
  private static String firstToken(String rest) {
    String s = rest.strip();
    if (s.isEmpty() || s.charAt(0) == ';') {
      return null;
    }
    if (s.charAt(0) == '"') {
      int end = s.indexOf('"', 1);
      return end < 0 ? s.substring(1) : s.substring(1, end);
    }
    int end = 0;
    while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != ';') {
      end++;
    }
    return s.substring(0, end);
  }

  /** Relative paths are relative to the including file, as the zone-file reader resolves them. */
  private static Path resolve(Path including, String target) {
    Path included = Path.of(target);
    if (included.isAbsolute()) {
      return included;
    }
    Path parent = including.getParent();
    return parent == null ? included : parent.resolve(target);
  }

  /**
   * A read buffer and a digest per loading thread: 10,000 small zones made 10,000 buffers of 64 KiB
   * (650 MB of garbage) and looked a digest up in the security providers 10,000 times.
   */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    final ContentChecksum checksum = new ContentChecksum();
    final byte[] buffer = new byte[1 << 16];
  }
}
