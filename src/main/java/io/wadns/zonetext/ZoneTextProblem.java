package io.wadns.zonetext;

/**
 * Something wrong in a zone file, with where it is.
 *
 * @param file the display name of the file
 * @param line the line of the offending token (0 when the file could not be opened)
 * @param severity an error (the entry was skipped) or a warning (it was read, as described)
 * @param message what is wrong, quoting at most a short escaped excerpt of the file
 */
public record ZoneTextProblem(String file, int line, Severity severity, String message) {
  /** How bad a problem is. */
  public enum Severity {
    /** The entry was skipped. */
    ERROR,
    /** The entry was read, adjusted as the message says. */
    WARNING
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code FILE:LINE: message}, with {@code warning: } before a warning's message. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
  }
}
