package io.wadns.zonefile;

/**
 * One thing wrong with a zone, located at a file and line so an operator can go straight to it. An
 * error stops the zone from being served; a warning names something legal that is probably not what
 * the operator meant (data hidden below a delegation, a name server without an address), and the
 * zone is served.
 *
 * @param file the zone file as the operator named it (relative to the working directory when it was)
 * @param line 1-based line of the offending record or directive; 0 when the problem is the file as a
 *     whole (unreadable, no SOA, ...)
 */
public record ZoneProblem(String file, int line, String message, boolean warning) {
  /** An error. */
  public ZoneProblem(String file, int line, String message) {
    this(file, line, message, false);
  }

  public static ZoneProblem warning(String file, int line, String message) {
    return new ZoneProblem(file, line, message, true);
  }

  public boolean isError() {
    return !warning;
  }

  /** {@code FILE:LINE: message}, or {@code FILE:LINE: warning: message}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + (warning ? "warning: " : "") + message;
  }
}
