package io.wadns.zone;

import io.wadns.health.HealthKeys;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Loads every {@code *.zone} file of a folder. All or nothing: the result holds a zone set only
 * when every file is valid, otherwise every problem found, each as {@code FILE:LINE: message}.
 */
public final class ZoneLoader {
  private ZoneLoader() {}

  /** The outcome of a load: zones when {@code problems} is empty. */
  public record Result(ZoneSet zones, List<ZoneProblem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Loads for validation only: health keys are made but not kept. */
  public static Result loadDirectory(Path dir) {
    return loadDirectory(dir, new HealthKeys());
  }

  /** Loads the folder, giving checked addresses keys from {@code health}. */
  public static Result loadDirectory(Path dir, HealthKeys health) {
    List<ZoneProblem> problems = new ArrayList<>();
    List<Path> files = zoneFiles(dir, problems);
    return problems.isEmpty() ? loadFiles(files, health) : new Result(null, List.copyOf(problems));
  }

  /**
   * The {@code *.zone} files of {@code dir}, sorted; empty with a problem appended when the folder
   * cannot be listed or holds no zone file.
   */
  static List<Path> zoneFiles(Path dir, List<ZoneProblem> problems) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add(new ZoneProblem(dir.toString(), 0, "not a directory"));
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.zone")) {
      for (Path p : stream) {
        if (Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      problems.add(new ZoneProblem(dir.toString(), 0, "cannot list zone files: " + e.getMessage()));
      return new ArrayList<>();
    }
    files.sort(null);
    if (files.isEmpty()) {
      problems.add(new ZoneProblem(dir.toString(), 0, "no *.zone files to serve"));
    }
    return files;
  }

  public static Result loadFiles(List<Path> files) {
    return loadFiles(files, new HealthKeys());
  }

  public static Result loadFiles(List<Path> files, HealthKeys health) {
    List<ZoneProblem> problems = new ArrayList<>();
    List<Zone> zones = new ArrayList<>();
    Map<Name, Zone> byOrigin = new HashMap<>();
    for (Path file : files) {
      Zone zone = loadFile(file, problems, health);
      if (zone == null) {
        continue;
      }
      Zone other = byOrigin.putIfAbsent(zone.origin(), zone);
      if (other != null) {
        problems.add(duplicateOrigin(file, zone, other));
        continue;
      }
      zones.add(zone);
    }
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(new ZoneSet(zones), List.of());
  }

  /** Reads and validates one file; problems are appended. Null when it is not servable. */
  public static Zone loadFile(Path file, List<ZoneProblem> problems, HealthKeys health) {
    return parse(file, new ArrayList<>(), problems, health);
  }

  /**
   * As {@link #loadFile}, remembering what a reload needs: the digests of the files read, taken
   * before reading them. Null when the zone is not servable.
   */
  static LoadedZone load(Path file, List<ZoneProblem> problems, HealthKeys health) {
    ZoneSources sources = ZoneSources.read(file);
    Zone zone = parse(file, new ArrayList<>(), problems, health);
    return zone == null ? null : new LoadedZone(file, zone, sources);
  }

  /** The problem of a second file claiming an origin: one file per zone. */
  static ZoneProblem duplicateOrigin(Path file, Zone zone, Zone other) {
    return new ZoneProblem(file.toString(), 0, "zone " + zone.origin() + " is already loaded from "
        + other.file() + "; one file per zone");
  }

  private static Zone parse(Path file, List<SourcedRecord> records, List<ZoneProblem> problems,
      HealthKeys health) {
    int before = problems.size();
    new ZoneFileReader(records, problems).read(file, defaultOrigin(file));
    if (problems.size() > before) {
      return null;
    }
    ZoneBuilder builder = new ZoneBuilder(file.toString(), records, health);
    Zone zone = builder.build();
    problems.addAll(builder.problems());
    return zone;
  }

  /**
   * The initial {@code $ORIGIN}: the file name without {@code .zone} ({@code example.com.zone} is
   * {@code example.com.}), so {@code @} works without a directive. The SOA owner decides the zone.
   */
  static Name defaultOrigin(Path file) {
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.length() - ".zone".length());
    try {
      return stem.isEmpty() ? null : Name.fromString(stem, Name.root);
    } catch (TextParseException e) {
      return null;
    }
  }
}
