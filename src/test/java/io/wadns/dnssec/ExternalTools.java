package io.wadns.dnssec;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the DNSSEC tools of BIND, ldns and Knot. A test whose tool is missing is skipped, naming it; in CI
 * (CI=true), where .ci/run installs them, a missing tool is a failure instead, as for the end-to-end tests.
 */
final class ExternalTools {
  private ExternalTools() {}

  record Output(int code, String out, String err) {}

  /** The program, or the test is skipped with "PROGRAM not installed (Debian package PACKAGE)". */
  static Path require(String program, String debianPackage) {
    Optional<Path> found = find(program);
    String message = program + " not installed (Debian package " + debianPackage + ")";
    if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + "; CI=true, so this is a failure rather than a skip");
    }
    Assumptions.assumeTrue(found.isPresent(), message);
    return found.get();
  }

  static Optional<Path> find(String program) {
    List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/sbin"));
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(0, List.of(path.split(File.pathSeparator)));
    }
    return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
        .filter(Files::isExecutable).findFirst();
  }

  /** Runs the command in {@code dir}, and fails the test unless it exits 0. */
  static String run(Path dir, String... command) {
    Output o = runAllowingFailure(dir, command);
    if (o.code() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + o.code() + ":\n" + o.out() + o.err());
    }
    return o.out();
  }

  static Output runAllowingFailure(Path dir, String... command) {
    try {
      Path out = Files.createTempFile("tool", ".out");
      Path err = Files.createTempFile("tool", ".err");
      try {
        Process p = new ProcessBuilder(command).directory(dir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
