package io.wadns.zone;

import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

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
  public static Zone loadFile(Path file, List<ZoneProblem> problems, HealthRegistry.Binder health) {
    return parse(file, new ArrayList<>(), problems, health);
  }

  /**
   * As {@link #loadFile}, remembering what a reload needs: the digests of the files read (taken
   * before reading them) and the health trackers bound. Null when the zone is not servable.
   */
  static LoadedZone load(Path file, List<ZoneProblem> problems, HealthRegistry.Binder health) {
    ZoneSources sources = ZoneSources.read(file);
    List<SourcedRecord> records = new ArrayList<>();
    Zone zone = parse(file, records, problems, health);
    return zone == null ? null : new LoadedZone(file, zone, sources, checkedAddresses(zone, records));
  }

  /** The problem of a second file claiming an origin: one file per zone. */
  static ZoneProblem duplicateOrigin(Path file, Zone zone, Zone other) {
    return new ZoneProblem(file.toString(), 0, "zone " + zone.origin() + " is already loaded from "
        + other.file() + "; one file per zone");
  }

  private static Zone parse(Path file, List<SourcedRecord> records, List<ZoneProblem> problems,
      HealthRegistry.Binder health) {
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

  /** The trackers the zone's address sets hold: those of every name with a HEALTHCHECK. */
  private static List<AddressHealth> checkedAddresses(Zone zone, List<SourcedRecord> records) {
    Set<Name> owners = new LinkedHashSet<>();
    for (SourcedRecord r : records) {
      if (r.record().getType() == RecordTypes.HEALTHCHECK) {
        owners.add(r.record().getName());
      }
    }
    List<AddressHealth> checked = new ArrayList<>();
    for (Name owner : owners) {
      Node node = zone.node(owner);
      for (int type : new int[] {Type.A, Type.AAAA}) {
        RecordSet set = node == null ? null : node.get(type);
        AddressHealth[] health = set == null ? null : set.health();
        if (health != null) {
          checked.addAll(List.of(health));
        }
      }
    }
    return checked;
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
