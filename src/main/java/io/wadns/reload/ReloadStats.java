package io.wadns.reload;

import io.wadns.zonefile.ZoneProblem;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of reloads and the last error of each failing zone file, for {@code POST /reload}, the logs
 * and metrics. Written by the reload thread, read from any thread without locks.
 */
public final class ReloadStats {
  private final AtomicLong successes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final ConcurrentMap<String, ZoneProblem> lastErrors = new ConcurrentHashMap<>();

  /** The counters at one moment. */
  public record Snapshot(long successes, long failures, Map<String, ZoneProblem> lastErrors) {
    public Snapshot {
      lastErrors = Map.copyOf(lastErrors);
    }
  }

  /** Reloads in which every zone file loaded (or was unchanged). */
  public long successes() {
    return successes.get();
  }

  /** Reloads in which a zone file (or the folder) failed; the good zones were still swapped in. */
  public long failures() {
    return failures.get();
  }

  /**
   * The first problem of each file whose latest load failed (or of the zones folder, when it could
   * not be read), by file name in order. A file leaves this map when it loads again, or when it is
   * removed.
   */
  public Map<String, ZoneProblem> lastErrors() {
    return new TreeMap<>(lastErrors);
  }

  public Snapshot snapshot() {
    return new Snapshot(successes(), failures(), lastErrors());
  }

  /** Files whose latest load failed, the zones folder included when it could not be read. */
  int failingFiles() {
    return lastErrors.size();
  }

  /** Forgets the errors of every file not in {@code files}: they are gone from the folder. */
  void forgetAllBut(java.util.Set<String> files) {
    lastErrors.keySet().retainAll(files);
  }

  void loaded(String file) {
    lastErrors.remove(file);
  }

  void failed(String file, ZoneProblem problem) {
    lastErrors.put(file, problem);
  }

  void finished(boolean ok) {
    (ok ? successes : failures).incrementAndGet();
  }
}
