package io.wadns.zone;

import io.wadns.health.HealthRegistry;
import java.io.IOException;
import java.time.Clock;
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

  /** Loads for validation only: health trackers are made but not kept. */
  public static Result loadDirectory(Path dir) {
    return loadDirectory(dir, new HealthRegistry(Clock.systemUTC()).binder());
  }

  /**
   * Loads the folder, binding checked addresses through {@code health}; publish the binder only if
   * the result is ok and is about to be served.
   */
  public static Result loadDirectory(Path dir, HealthRegistry.Binder health) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return failed(new ZoneProblem(dir.toString(), 0, "not a directory"));
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.zone")) {
      for (Path p : stream) {
        if (Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      return failed(new ZoneProblem(dir.toString(), 0, "cannot list zone files: " + e.getMessage()));
    }
    files.sort(null);
    if (files.isEmpty()) {
      return failed(new ZoneProblem(dir.toString(), 0, "no *.zone files to serve"));
    }
    return loadFiles(files, health);
  }

  public static Result loadFiles(List<Path> files) {
    return loadFiles(files, new HealthRegistry(Clock.systemUTC()).binder());
  }

  public static Result loadFiles(List<Path> files, HealthRegistry.Binder health) {
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
        problems.add(new ZoneProblem(file.toString(), 0, "zone " + zone.origin()
            + " is already loaded from " + other.file() + "; one file per zone"));
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
  public static Zone loadFile(Path file, List<ZoneProblem> problems, HealthRegistry.Binder health) {
    List<SourcedRecord> records = new ArrayList<>();
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

  private static Result failed(ZoneProblem problem) {
    return new Result(null, List.of(problem));
  }
}
