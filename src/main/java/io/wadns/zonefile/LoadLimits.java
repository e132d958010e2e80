package io.wadns.zonefile;

import io.wadns.health.ProbeTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import io.wadns.zonetext.IncludePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bounds on what reading one zone may touch and cost: zone files are input like any other, so a
 * zone file can neither read the machine nor exhaust it.
 *
 * @param includeRoots folders {@code $INCLUDE} may read from (with their subfolders), as real paths;
 *     by default only the zones folder (BIND and Knot confine includes the same way)
 * @param maxRecords records one zone may hold, includes and {@code $GENERATE} counted (BIND's
 *     {@code max-records})
 * @param maxIncludes files one zone may read besides its own
 * @param probeTargets the addresses a HEALTHCHECK may have probed ({@code --health-allow}); by default all
 *     but link-local ones, where cloud metadata services answer
 */
public record LoadLimits(List<Path> includeRoots, long maxRecords, int maxIncludes, ProbeTargets probeTargets) {
  /** A generous default: ten times the largest zones seen in practice fit, a typo'd loop does not. */
  public static final long DEFAULT_MAX_RECORDS = 10_000_000;
  public static final int DEFAULT_MAX_INCLUDES = 256;

  public LoadLimits {
    includeRoots = List.copyOf(includeRoots);
    Objects.requireNonNull(probeTargets);
    if (maxRecords < 1 || maxIncludes < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public LoadLimits(List<Path> includeRoots, long maxRecords, int maxIncludes) {
    this(includeRoots, maxRecords, maxIncludes, ProbeTargets.DEFAULT);
  }

  /** The defaults, with includes confined to {@code zonesDir} and the extra roots the operator named. */
  public static LoadLimits confinedTo(Path zonesDir, List<Path> extraRoots) {
    List<Path> roots = new ArrayList<>();
    roots.add(zonesDir);
    roots.addAll(extraRoots);
    return new LoadLimits(roots, DEFAULT_MAX_RECORDS, DEFAULT_MAX_INCLUDES);
  }

  public LoadLimits withMaxRecords(long max) {
    return new LoadLimits(includeRoots, max, maxIncludes, probeTargets);
  }

  public LoadLimits withProbeTargets(ProbeTargets targets) {
    return new LoadLimits(includeRoots, maxRecords, maxIncludes, targets);
  }

  /**
   * The include policy of the zone-file reader for one zone: paths relative to the including file,
   * {@link #refusal} applied, and at most {@link #maxIncludes()} files. Stateful: one per zone read.
   */
  public IncludePolicy includePolicy() {
    // One zone's chunks are read on several threads, which include through this one policy
    java.util.concurrent.atomic.AtomicInteger included = new java.util.concurrent.atomic.AtomicInteger();
    return (includingFile, requested) -> {
      Path path;
      try {
        path = Path.of(requested);
      } catch (java.nio.file.InvalidPathException e) {
        throw new IOException("not a file name");
      }
      if (!path.isAbsolute()) {
        if (includingFile == null) {
          throw new IOException("a relative path needs a zone that is a file");
        }
        Path folder = includingFile.toAbsolutePath().getParent();
        path = folder == null ? path : folder.resolve(path);
      }
      if (included.incrementAndGet() > maxIncludes) {
        throw new IOException("more than " + maxIncludes + " included files in one zone");
      }
      // Outside the roots by its very name: refused before the file system is asked, so the answer never
      // tells whether a file exists where the zone files may not read
      if (!lexicallyUnderRoots(path.toAbsolutePath().normalize())) {
        throw new IOException(OUTSIDE);
      }
      if (!Files.exists(path)) {
        throw new IOException("no such file " + path);
      }
      String refusal = refusal(path);
      if (refusal != null) {
        throw new IOException(refusal);
      }
      try {
        return path.toRealPath(); // what was checked is what is opened, should a link change meanwhile
      } catch (IOException e) {
        throw new IOException("no such file " + path);
      }
    };
  }

  private static final String OUTSIDE = "outside the zones folder (name other folders with --include-root)";

  /** True when {@code normal} lies under a root as named or as its real path (a root may be a link). */
  private boolean lexicallyUnderRoots(Path normal) {
    for (Path root : includeRoots) {
      Path named = root.toAbsolutePath().normalize();
      if (normal.startsWith(named)) {
        return true;
      }
      try {
        if (normal.startsWith(root.toRealPath())) {
          return true;
        }
      } catch (IOException e) {
        // a root that does not exist confines nothing
      }
    }
    return false;
  }

  /**
   * Why {@code file} may not be read as an include, or null when it may: it must be a regular file
   * (not a FIFO that blocks the reader, not {@code /dev/zero} that never ends) whose real path, links
   * resolved, lies under one of the roots.
   */
  String refusal(Path file) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      return null; // the reader reports why it cannot be opened
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return "not a regular file";
    }
    for (Path root : includeRoots) {
      try {
        if (real.startsWith(root.toRealPath())) {
          return null;
        }
      } catch (IOException e) {
        // a root that does not exist confines nothing
      }
    }
    return OUTSIDE;
  }
}
