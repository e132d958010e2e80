package io.wadns.testing;

import io.wadns.zonefile.ZoneLoader;
import io.wadns.zone.ZoneSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Zones written inline in tests: text to files in a temporary folder, loaded as the server would. */
public final class TestZones {
  private TestZones() {}

  /** Writes {@code name -> text} pairs as files in {@code dir} and loads them; fails on any problem. */
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
