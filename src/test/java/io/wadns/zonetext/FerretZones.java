package io.wadns.zonetext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The zone files of the Ferret DNS conformance data set (github.com/dns-groot/FerretDataset),
 * taken at test time from a local git snapshot into target/; nothing of it is kept in the project.
 */
final class FerretZones {
  static final Path REPOSITORY = Path.of("/work/.mirror/dns-groot+FerretDataset/repo");
  private static final Path FOLDER = Path.of("target", "ferret-zones");

  private FerretZones() {}

  /** The folder of extracted zone files, or null when there is no snapshot to take them from. */
  static synchronized Path extract() throws IOException, InterruptedException {
    if (Files.isDirectory(FOLDER.resolve("ValidZoneFileTests"))) {
      return FOLDER;
    }
    if (!Files.isDirectory(REPOSITORY)) {
      return null;
    }
    Files.createDirectories(FOLDER);
    Path archive = FOLDER.resolve("zones.tar");
    run("git", "--git-dir=" + REPOSITORY, "archive", "-o", archive.toString(), "HEAD",
        "ValidZoneFileTests/ZoneFiles", ":(glob)InvalidZoneFileTests/*/ZoneFiles/**");
    run("tar", "-xf", archive.toString(), "-C", FOLDER.toString());
    Files.delete(archive);
    return FOLDER;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + new String(output));
    }
  }
}
