package io.wadns.zone;

/**
 * One thing wrong with a zone, located at a file and line so an operator can go straight to it.
 *
 * @param file the zone file as the operator named it (relative to the working directory when it was)
 * @param line 1-based line of the offending record or directive; 0 when the problem is the file as a
 *     whole (unreadable, no SOA, ...)
 */
public record ZoneProblem(String file, int line, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
