package io.wadns.reload;

import io.wadns.zone.Zone;
import java.nio.file.Path;
import org.xbill.DNS.Name;
import io.wadns.zonefile.ZoneProblem;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one reload did, file by file: a closed set of changes. Immutable.
 *
 * @param files every zone file seen now or served before, in file name order
 * @param problems every problem, as {@code FILE:LINE: message}; empty when the reload fully succeeded
 * @param stats the reload counters just after this reload
 * @param servfail the files that failed with nothing of theirs served, and the zone each claims,
 *     which now answers SERVFAIL
 */
public record ReloadResult(List<FileOutcome> files, List<ZoneProblem> problems, ReloadStats.Snapshot stats,
    Map<Path, Name> servfail) {
  public ReloadResult {
    files = List.copyOf(files);
    problems = List.copyOf(problems);
    servfail = Map.copyOf(servfail);
  }

  /** How a zone file fared. */
  public enum Change {
    /** A new file, now served. */
    ADDED,
    /** A changed file, parsed and swapped in. */
    RELOADED,
    /**
     * The file and its includes have the same bytes (not parsed), or changed without a greater serial
     * in a reload that asks for one: the same zone kept.
     */
    UNCHANGED,
    /** The file is gone, and so is its zone. */
    REMOVED,
    /** The same data signed again: signatures near their expiry, or the zone's keys changed. */
    RESIGNED,
    /** The file has problems: its previous version, if any, is still served. */
    FAILED
  }

  /**
   * @param zone the zone served from the file after the reload (new, reused, or the old one kept
   *     after a failure); null when nothing is
   */
  public record FileOutcome(String file, Change change, Zone zone, List<ZoneProblem> problems) {
    public FileOutcome {
      problems = List.copyOf(problems);
    }
  }

  /** True when no file (and not the folder) had an error; warnings do not count. */
  public boolean ok() {
    return problems.stream().noneMatch(ZoneProblem::isError);
  }

  /** The zones served after this load, in file order. */
  public List<Zone> servedZones() {
    return files.stream().filter(f -> f.zone() != null && f.change() != Change.REMOVED).map(FileOutcome::zone)
        .toList();
  }

  public List<FileOutcome> files(Change change) {
    return files.stream().filter(f -> f.change() == change).collect(Collectors.toList());
  }

  /** One line for the log: {@code 1 reloaded, 0 added, 4 unchanged, 0 removed, 1 failed}. */
  public String summary() {
    int[] counts = new int[Change.values().length]; // 10,000 files: no boxed count per file
    for (FileOutcome f : files) {
      counts[f.change().ordinal()]++;
    }
    String line = counts[Change.RELOADED.ordinal()] + " reloaded, " + counts[Change.ADDED.ordinal()] + " added, "
        + counts[Change.UNCHANGED.ordinal()] + " unchanged, " + counts[Change.REMOVED.ordinal()] + " removed, "
        + counts[Change.FAILED.ordinal()] + " failed";
    int resigned = counts[Change.RESIGNED.ordinal()];
    if (resigned > 0) {
      line += ", " + resigned + " signed again";
    }
    return files.isEmpty() && !ok() ? "nothing reloaded: " + problems.get(0) : line;
  }
}
