package io.wadns.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Locates external programs; a missing program fails the test in CI (CI=true) and skips it elsewhere. */
final class Tools {
    private Tools() {}

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Optional<Path> find(String program, String... usualPlaces) {
        List<Path> candidates = new ArrayList<>();
        for (String place : usualPlaces) {
            candidates.add(Path.of(place));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, program));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Returns the program, or fails (in CI) / aborts the test as skipped (elsewhere) if it is missing. */
    static Path require(String program, String debianPackage, String... usualPlaces) {
        Optional<Path> found = find(program, usualPlaces);
        if (found.isEmpty()) {
            String message = program + " not found (install the Debian package " + debianPackage + ")";
            if (inCi()) {
                throw new AssertionError(message + "; CI=true, so this is a failure rather than a skip");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    /** The packaged server jar given by failsafe's wadns.jar property; it must exist. */
    static Path wadnsJar() {
        String property = System.getProperty("wadns.jar");
        Path jar = property != null ? Path.of(property) : Path.of("target", "wadns.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("wadns jar not found at " + jar + " (run `mvn package` first)");
        }
        return jar;
    }

    /** The bundled zones folder given by failsafe's wadns.zones property. */
    static Path bundledZones() {
        String property = System.getProperty("wadns.zones");
        Path zones = property != null ? Path.of(property) : Path.of("zones").toAbsolutePath();
        if (!Files.isDirectory(zones)) {
            throw new AssertionError("bundled zones folder not found at " + zones);
        }
        return zones;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
