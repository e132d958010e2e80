package io.wadns.zonefile;

import io.wadns.health.HealthKeys;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zonetext.RecordSink;
import io.wadns.zonetext.ZoneTextProblem;
import io.wadns.zonetext.ZoneTextReader;
import io.wadns.zonetext.ZoneTextReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads and validates zone files: one file at a time ({@link #load}), each standing alone, so a
 * broken file costs only its own zone. {@code serve}, {@code check} and every reload go through
 * {@link #load}; the folder listing ({@link #zoneFiles}) is shared too.
 */
public final class ZoneLoader {
  /** Names people give zone files that we do not serve: BIND's {@code db.example}, other cases of .zone. */
  private static final Pattern ZONE_FILE_LOOKALIKE =
      Pattern.compile("(?i)(db\\..+|.+\\.(zone|db|hosts))");
  private static final Pattern BACKUP = Pattern.compile(".*(~|\\.(bak|orig|swp|tmp|old))$");
  /** How much of a file the look-alike hint reads to spot a zone file by its content. */
  private static final int SNIFF_BYTES = 4096;
  private static final Pattern ZONE_CONTENT = Pattern.compile("(?m)^\\$(ORIGIN|TTL)\\s|\\sSOA\\s");

  /** The problem of a zones folder with no zone file in it. */
  public static final String NO_ZONE_FILES = "no *.zone files to serve";

  private ZoneLoader() {}

  /**
   * One zone file read and validated.
   *
   * @param zone the zone, or null when it has errors
   * @param origin the zone the file is for: its SOA owner when one was read, else the name its file
   *     name gives ({@code example.com.zone}); null when neither is known
   * @param soaLine the line of the SOA record, 0 when there is none
   * @param sources the digests of the file and its includes, taken before reading them
   * @param problems errors and warnings, in the order found
   */
  public record FileLoad(Path file, Zone zone, Name origin, int soaLine, ZoneSources sources,
      List<ZoneProblem> problems) {
    public FileLoad {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return zone != null;
    }

    /** The same load, with the files as found by a later read that saw them unchanged. */
    public FileLoad withSources(ZoneSources seen) {
      return seen == sources ? this : new FileLoad(file, zone, origin, soaLine, seen, problems);
    }

    public List<ZoneProblem> errors() {
      return problems.stream().filter(ZoneProblem::isError).toList();
    }

    public List<ZoneProblem> warnings() {
      return problems.stream().filter(ZoneProblem::warning).toList();
    }
  }

  /** A set of zones loaded all or nothing, for tools and tests: zones only when no file has errors. */
  public record Result(ZoneSet zones, List<ZoneProblem> problems) {
    public boolean ok() {
      return problems.stream().noneMatch(ZoneProblem::isError);
    }
  }

  /**
   * Reads and validates {@code file}, giving its checked addresses keys from {@code health}. The
   * digests of its sources are taken first: if the file changes while it is read, the next reload
   * sees a change and reads it again.
   */
  public static FileLoad load(Path file, HealthKeys health) {
    Path folder = file.toAbsolutePath().getParent();
    return load(file, health, LoadLimits.confinedTo(folder, List.of()));
  }

  /** As {@link #load(Path, HealthKeys)}, within {@code limits}. */
  public static FileLoad load(Path file, HealthKeys health, LoadLimits limits) {
    return load(file, health, limits, ZoneSources.readKeepingText(file, limits, null));
  }

  /**
   * As {@link #load(Path, HealthKeys, LoadLimits)}, with the digests of the file and its includes
   * taken just before (a reload that compared them has them already: the files are not read twice),
   * and the zone file's bytes when that read kept them.
   */
  public static FileLoad load(Path file, HealthKeys health, LoadLimits limits, ZoneSources.Read read) {
    if (read.text() != null) {
      return loadKept(file, health, limits, read.sources(), read.text());
    }
    return load(file, health, limits, read.sources(), readingThreads(file));
  }

  /** Parses the zone file's bytes, read for its digest a moment ago, without reading the file again. */
  private static FileLoad loadKept(Path file, HealthKeys health, LoadLimits limits, ZoneSources sources,
      byte[] text) {
    Name fallbackOrigin = defaultOrigin(file);
    ZoneDraft draft = new ZoneDraft(limits.maxRecords(), expectedRecords(text.length, limits));
    List<ZoneProblem> problems = new ArrayList<>();
    read(draft, problems, file.toString(), fallbackOrigin, limits, reader -> reader.read(file, text, draft));
    return build(file, file.toString(), draft, problems, health, limits, sources, fallbackOrigin);
  }

  /** As {@link #load(Path, HealthKeys, LoadLimits)}, reading the file on up to {@code threads} threads. */
  static FileLoad load(Path file, HealthKeys health, LoadLimits limits, int threads) {
    return load(file, health, limits, ZoneSources.read(file, limits), threads);
  }

  private static FileLoad load(Path file, HealthKeys health, LoadLimits limits, ZoneSources sources, int threads) {
    Name fallbackOrigin = defaultOrigin(file);
    ZoneDraft draft = new ZoneDraft(limits.maxRecords(), expectedRecords(file, limits));
    List<ZoneProblem> problems = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      problems.add(new ZoneProblem(file.toString(), 0, "cannot read file: not a regular file"));
      return new FileLoad(file, null, fallbackOrigin, 0, sources, problems);
    }
    if (threads == 1) {
      read(draft, problems, file.toString(), fallbackOrigin, limits, reader -> reader.read(file, draft));
    } else {
      read(draft, problems, file.toString(), fallbackOrigin, limits, reader -> readInChunks(reader, file, threads,
          draft, limits));
    }
    return build(file, file.toString(), draft, problems, health, limits, sources, fallbackOrigin);
  }

  /** Files from this size on are read in chunks on several threads (a million records is about 27 MB). */
  static final long CHUNKED_FROM_BYTES = 4L << 20;

  /** One thread per processor for a big file, one for a small file (where threads cost more than they save). */
  private static int readingThreads(Path file) {
    try {
      return Files.size(file) < CHUNKED_FROM_BYTES ? 1 : Math.min(8, Runtime.getRuntime().availableProcessors());
    } catch (IOException e) {
      return 1; // the reader reports why it cannot read the file
    }
  }

  /**
   * Reads {@code file} in chunks cut at entry boundaries, each into a draft of its own on its own thread,
   * and appends the later drafts to {@code draft} in file order: the same records, in the same order, as a
   * reading on one thread.
   */
  private static ZoneTextReport readInChunks(ZoneTextReader reader, Path file, int threads, ZoneDraft draft,
      LoadLimits limits) throws IOException {
    List<ZoneDraft> chunks = new ArrayList<>();
    int perChunk = expectedRecords(file, limits) / threads;
    java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();
    ZoneTextReport report;
    try {
      report = reader.readInParallel(file, threads, i -> {
        ZoneDraft chunk = (i == 0 ? draft : new ZoneDraft(limits.maxRecords(), perChunk)).countingInto(records);
        chunks.add(chunk);
        return chunk;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading", e);
    }
    for (int i = 1; i < chunks.size(); i++) {
      draft.append(chunks.get(i));
      chunks.set(i, null); // its arrays can go while the next is appended
    }
    return report;
  }

  /**
   * Reads zone text that is not in a file (tests and tools need no temporary files): {@code name} is
   * what problems call it and gives the initial origin as a file name would; includes are read from,
   * and confined to, {@code folder}.
   */
  public static FileLoad loadText(String name, String text, Path folder, HealthKeys health) {
    Path file = folder.resolve(name);
    Name fallbackOrigin = defaultOrigin(file);
    LoadLimits limits = LoadLimits.confinedTo(folder, List.of());
    ZoneDraft draft = new ZoneDraft(limits.maxRecords());
    List<ZoneProblem> problems = new ArrayList<>();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    read(draft, problems, name, fallbackOrigin, limits, reader -> reader.read(name, bytes, draft));
    return build(file, name, draft, problems, health, limits, ZoneSources.none(file), fallbackOrigin);
  }

  /**
   * Records in wire form that will be (or are about to replace) {@code file}, validated as that file would
   * be, within {@code limits}, with no zone text in between: how a zone transfer, or a zone held with an
   * incremental transfer's differences applied, becomes a zone. {@code feed} hands every record, the SOA
   * included, to the sink it is given, with the record's place in the feed (1, 2, ...) as its line.
   * Nothing here reads a file: there is no {@code $INCLUDE} in wire form.
   *
   * @param expected about how many records {@code feed} gives, so the arrays are made once
   */
  public static FileLoad loadRecords(Path file, int expected, Consumer<RecordSink> feed, HealthKeys health,
      LoadLimits limits) {
    WireZone zone = new WireZone(file, expected, limits);
    feed.accept(zone);
    return zone.build(health);
  }

  /** About how many records a file holds: zone files run about 27 bytes a record. */
  private static int expectedRecords(Path file, LoadLimits limits) {
    try {
      return expectedRecords(Files.size(file), limits);
    } catch (IOException e) {
      return 1024;
    }
  }

  private static int expectedRecords(long bytes, LoadLimits limits) {
    return (int) Math.min(Math.min(bytes / 24, limits.maxRecords()), 50_000_000);
  }

  private interface Reading {
    ZoneTextReport read(ZoneTextReader reader) throws IOException;
  }

  /** Reads into {@code draft} with the zone-file reader, confined by {@code limits}; problems appended. */
  private static void read(ZoneDraft draft, List<ZoneProblem> problems, String displayName, Name origin,
      LoadLimits limits, Reading reading) {
    RecordTypes.register(); // the reader parses ALIAS and HEALTHCHECK through dnsjava's registry
    ZoneTextReader reader = ZoneTextReader.create().withIncludePolicy(limits.includePolicy());
    if (origin != null) {
      reader = reader.withOrigin(origin.toString());
    }
    try {
      ZoneTextReport report = reading.read(reader);
      for (ZoneTextProblem p : report.problems()) {
        problems.add(new ZoneProblem(p.file(), p.line(), p.message(), !p.isError()));
      }
    } catch (ZoneDraft.TooManyRecords e) {
      problems.add(e.problem(displayName, limits.maxRecords()));
    } catch (IOException e) {
      problems.add(new ZoneProblem(displayName, 0, "cannot read file: " + Excerpt.sanitize(String.valueOf(
          e.getMessage()))));
    }
  }

  static FileLoad build(Path file, String displayName, ZoneDraft draft, List<ZoneProblem> problems,
      HealthKeys health, LoadLimits limits, ZoneSources sources, Name fallbackOrigin) {
    int soa = -1;
    for (int r = 0; r < draft.size() && soa < 0; r++) {
      soa = draft.type(r) == Type.SOA ? r : -1;
    }
    Name origin = soa >= 0 ? draft.name(draft.owner(soa)) : fallbackOrigin;
    int soaLine = soa >= 0 ? draft.line(soa) : 0;
    if (problems.stream().anyMatch(ZoneProblem::isError)) {
      return new FileLoad(file, null, origin, soaLine, sources, problems);
    }
    ZoneBuilder builder = new ZoneBuilder(displayName, draft, health, limits.probeTargets());
    Zone zone;
    try {
      zone = builder.build();
    } catch (RuntimeException e) {
      // A bug, or data no check foresaw: the zone is not served, and the server goes on.
      problems.add(new ZoneProblem(displayName, 0, "cannot build the zone: " + Excerpt.sanitize(e.toString())));
      return new FileLoad(file, null, origin, soaLine, sources, problems);
    }
    problems.addAll(builder.problems());
    problems.addAll(builder.warnings());
    return new FileLoad(file, zone, origin, soaLine, sources, problems);
  }

  /**
   * The {@code *.zone} files of {@code dir}, sorted; empty with a problem appended when the folder
   * cannot be listed or holds no zone file. Files that look like zone files but are not named
   * {@code *.zone} get one warning, so an operator learns why {@code db.example} is not served.
   */
  public static List<Path> zoneFiles(Path dir, List<ZoneProblem> problems) {
    List<ListedFile> listed = listZoneFiles(dir, problems);
    List<Path> files = new ArrayList<>(listed.size());
    listed.forEach(l -> files.add(l.path()));
    return files;
  }

  /** As {@link #zoneFiles}, each file with its stamp as the listing took it (see {@link ListedFile}). */
  public static List<ListedFile> listZoneFiles(Path dir, List<ZoneProblem> problems) {
    List<Listed> listed = new ArrayList<>();
    // Unix paths compare by their bytes, which ASCII strings share; Windows ones ignore case.
    boolean bytewise = "/".equals(dir.getFileSystem().getSeparator());
    List<String> lookalikes = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add(new ZoneProblem(dir.toString(), 0, "not a directory"));
      return new ArrayList<>();
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = fileName(p, bytewise);
        if (name.endsWith(".zone")) {
          // One stat tells a regular file (links followed), where there is a stamp; else ask (Windows). It
          // is the file's stamp, except where the file must be opened first (NFS): that stamp is taken by
          // the read, on all its threads, not here one file at a time. Nothing is opened here: a FIFO
          // would block.
          FileStamp stat = FileStamp.statOnly(p);
          if (stat != null ? stat.regular() : Files.isRegularFile(p)) {
            ListedFile file = new ListedFile(p, stat != null && stat.enoughWithoutOpen(p) ? stat : null);
            listed.add(new Listed(name, file, bytewise && ascii(name)));
          }
        } else if (looksLikeZoneFile(p, name)) {
          lookalikes.add(name);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      problems.add(new ZoneProblem(dir.toString(), 0, "cannot list zone files: " + e.getMessage()));
      return new ArrayList<>();
    }
    listed.sort(null);
    List<ListedFile> files = new ArrayList<>(listed.size());
    listed.forEach(l -> files.add(l.file()));
    if (!lookalikes.isEmpty()) {
      lookalikes.sort(null);
      problems.add(ZoneProblem.warning(dir.toString(), 0, "hint: " + String.join(", ", lookalikes)
          + (lookalikes.size() == 1 ? " looks" : " look") + " like a zone file but only files named *.zone"
          + " (lower case) are served"));
    }
    if (files.isEmpty()) {
      problems.add(new ZoneProblem(dir.toString(), 0, NO_ZONE_FILES));
    }
    return files;
  }

  /**
   * A zone file of a folder, ordered as its path. On Unix that is by the bytes of its name, so two ASCII
   * names ({@code plain}) compare as strings, the same order at a fraction of the cost of comparing the
   * paths (10,000 files share a long prefix, compared byte by byte in each of 130,000 comparisons).
   */
  private record Listed(String name, ListedFile file, boolean plain) implements Comparable<Listed> {
    @Override
    public int compareTo(Listed other) {
      return plain && other.plain ? name.compareTo(other.name) : file.path().compareTo(other.file.path());
    }
  }

  /**
   * The last part of {@code p}, a folder's entry. On Unix it is cut from the path's string, which the path
   * keeps for the reload's later uses, rather than made as a path of its own and then a string.
   */
  private static String fileName(Path p, boolean slashes) {
    if (slashes) {
      String s = p.toString();
      return s.substring(s.lastIndexOf('/') + 1);
    }
    return p.getFileName().toString();
  }

  private static boolean ascii(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Not hidden, not a backup, a regular file, and named like a zone file or starting like one. */
  private static boolean looksLikeZoneFile(Path p, String name) {
    if (name.startsWith(".") || BACKUP.matcher(name).matches()
        || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (ZONE_FILE_LOOKALIKE.matcher(name).matches()) {
      return true;
    }
    try (InputStream in = Files.newInputStream(p)) {
      String head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.ISO_8859_1);
      return ZONE_CONTENT.matcher(head).find();
    } catch (IOException e) {
      return false;
    }
  }

  /** The problem of a second file claiming an origin: one file per zone, the first keeps it. */
  public static ZoneProblem duplicateOrigin(Path file, Name origin, Path other) {
    return new ZoneProblem(file.toString(), 0, "zone " + origin + " is already loaded from " + other
        + "; one file per zone");
  }

  /** Loads the folder all or nothing, for validation only: health keys are made but not kept. */
  public static Result loadDirectory(Path dir) {
    List<ZoneProblem> problems = new ArrayList<>();
    List<Path> files = zoneFiles(dir, problems);
    if (problems.stream().anyMatch(ZoneProblem::isError)) {
      return new Result(null, List.copyOf(problems));
    }
    Result files0 = loadFiles(files, new HealthKeys());
    problems.addAll(files0.problems());
    return new Result(files0.zones(), List.copyOf(problems));
  }

  public static Result loadFiles(List<Path> files) {
    return loadFiles(files, new HealthKeys());
  }

  /** Loads every file; the zone set only when none has errors (warnings are returned either way). */
  public static Result loadFiles(List<Path> files, HealthKeys health) {
    List<ZoneProblem> problems = new ArrayList<>();
    List<Zone> zones = new ArrayList<>();
    Map<Name, Path> byOrigin = new HashMap<>();
    for (Path file : files) {
      FileLoad load = load(file, health);
      problems.addAll(load.problems());
      if (!load.ok()) {
        continue;
      }
      Path other = byOrigin.putIfAbsent(load.zone().origin(), file);
      if (other != null) {
        problems.add(duplicateOrigin(file, load.zone().origin(), other));
        continue;
      }
      zones.add(load.zone());
    }
    boolean ok = problems.stream().noneMatch(ZoneProblem::isError);
    return new Result(ok ? new ZoneSet(zones) : null, List.copyOf(problems));
  }

  /**
   * The initial {@code $ORIGIN}: the file name without {@code .zone} ({@code example.com.zone} is
   * {@code example.com.}), so {@code @} works without a directive. The SOA owner decides the zone.
   */
  static Name defaultOrigin(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".zone") ? name.substring(0, name.length() - ".zone".length()) : name;
    try {
      return stem.isEmpty() ? null : Name.fromString(stem, Name.root);
    } catch (TextParseException e) {
      return null;
    }
  }
}
