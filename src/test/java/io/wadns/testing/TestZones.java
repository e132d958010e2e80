package io.wadns.testing;

import io.wadns.health.HealthKeys;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneProblem;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Zones written inline in tests. Most tests parse the text as it is ({@link #parse}, {@link
 * #problemsOf}); tests of includes, reloads and the command line write it to files in a temporary
 * folder ({@link #write}, {@link #load}, {@link #problems}) and load them as the server would.
 */
public final class TestZones {
  /**
   * The head most test zones share, lines 1 to 5: origin example.com., a default TTL of an hour, the
   * SOA (serial 1, minimum 300), one name server and its address. What a test adds starts at line 6.
   */
  public static final String HEAD = head(3600);

  /**
   * Where zone text parsed without a file reads its includes from: a folder that does not exist, so
   * an {@code $INCLUDE} in such a text can read nothing (tests of includes write real files).
   */
  static final Path NO_FOLDER = Path.of("/nonexistent/wadns-test-zones");

  private TestZones() {}

  /** {@link #HEAD} with a default TTL of {@code ttl} seconds instead of an hour. */
  public static String head(long ttl) {
    return """
        $ORIGIN example.com.
        $TTL %d
        @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.53
        """.formatted(ttl);
  }

  /** The zone example.com. with these lines after {@link #HEAD}; the first of them is line 6. */
  public static String exampleCom(String lines) {
    return HEAD + lines;
  }

  /** As {@link #exampleCom(String)}, with {@link #head(long) a default TTL} of {@code ttl} seconds. */
  public static String exampleCom(long ttl, String lines) {
    return head(ttl) + lines;
  }

  /**
   * One row of a table of zones and their problems: the behaviour it shows (the row's name), the lines
   * a test adds to its head, and each problem those lines give as {@code LINE: message}, in order;
   * none when the zone loads cleanly.
   */
  public static Arguments row(String behaviour, String lines, String... problems) {
    return Arguments.of(behaviour, lines, List.of(problems));
  }

  /**
   * Parses {@code name -> text} pairs without files, {@code name} giving the initial origin as a file
   * name would ({@code example.com.zone}); fails on any problem, warnings included: a zone a test
   * serves is clean unless the test says otherwise.
   */
  public static ZoneSet parse(String... nameAndText) {
    return parse(new HealthKeys(), nameAndText);
  }

  /** As {@link #parse(String...)}, the checked addresses keyed by {@code health}. */
  public static ZoneSet parse(HealthKeys health, String... nameAndText) {
    List<ZoneLoader.FileLoad> loads = readAll(health, nameAndText);
    List<String> problems = problemsOf(loads);
    if (!problems.isEmpty()) {
      throw new AssertionError("test zone has problems: " + problems);
    }
    return zonesOf(loads);
  }

  /**
   * As {@link #parse(String...)}, but warnings are allowed: for zones that hold legal mistakes on
   * purpose (data below a delegation), whose warnings other tests state.
   */
  public static ZoneSet parseAllowingWarnings(String... nameAndText) {
    List<ZoneLoader.FileLoad> loads = readAll(new HealthKeys(), nameAndText);
    List<String> errors = loads.stream().flatMap(l -> l.errors().stream()).map(TestZones::describe).toList();
    if (!errors.isEmpty()) {
      throw new AssertionError("test zone has errors: " + errors);
    }
    return zonesOf(loads);
  }

  /** Parses {@code text} without a file and returns its problems as {@code name:line: message}. */
  public static List<String> problemsOf(String name, String text) {
    return problemsOf(readAll(new HealthKeys(), name, text));
  }

  /** Parses {@code text} without a file: the zone (null when it has errors) and every problem. */
  public static ZoneLoader.FileLoad read(String name, String text) {
    return readAll(new HealthKeys(), name, text).get(0);
  }

  private static List<ZoneLoader.FileLoad> readAll(HealthKeys health, String... nameAndText) {
    if (nameAndText.length == 0 || nameAndText.length % 2 != 0) {
      throw new IllegalArgumentException("pairs of zone name and zone text");
    }
    List<ZoneLoader.FileLoad> loads = new ArrayList<>();
    for (int i = 0; i < nameAndText.length; i += 2) {
      loads.add(ZoneLoader.loadText(nameAndText[i], nameAndText[i + 1], NO_FOLDER, health));
    }
    return loads;
  }

  private static List<String> problemsOf(List<ZoneLoader.FileLoad> loads) {
    return loads.stream().flatMap(l -> l.problems().stream()).map(TestZones::describe).toList();
  }

  private static ZoneSet zonesOf(List<ZoneLoader.FileLoad> loads) {
    List<Zone> zones = loads.stream().map(ZoneLoader.FileLoad::zone).toList();
    return new ZoneSet(zones);
  }

  /** {@code name:line: message}; an include a text named is read from {@link #NO_FOLDER}, left out here. */
  private static String describe(ZoneProblem problem) {
    return problem.toString().replace(NO_FOLDER + "/", "");
  }

  /** Writes {@code name -> text} pairs as files in {@code dir} and loads them; fails on any error. */
  public static ZoneSet load(Path dir, String... nameAndText) {
    ZoneLoader.Result result = ZoneLoader.loadFiles(write(dir, nameAndText));
    if (!result.ok()) {
      throw new AssertionError("test zone has problems: " + result.problems());
    }
    return result.zones();
  }

  /** Writes the files and returns the load result, problems included. */
  public static ZoneLoader.Result tryLoad(Path dir, String... nameAndText) {
    return ZoneLoader.loadFiles(write(dir, nameAndText));
  }

  /**
   * Writes the files, loads them, and returns each problem as {@code name:line: message}, the
   * temporary folder left out of the file names so tests can state exact messages.
   */
  public static List<String> problems(Path dir, String... nameAndText) {
    return tryLoad(dir, nameAndText).problems().stream()
        .map(p -> p.toString().replace(dir + "/", ""))
        .collect(java.util.stream.Collectors.toList());
  }

  public static List<Path> write(Path dir, String... nameAndText) {
    if (nameAndText.length % 2 != 0) {
      throw new IllegalArgumentException("pairs of file name and zone text");
    }
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 0; i < nameAndText.length; i += 2) {
        Path file = dir.resolve(nameAndText[i]);
        Files.writeString(file, nameAndText[i + 1]);
        files.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
