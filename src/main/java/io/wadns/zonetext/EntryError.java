package io.wadns.zonetext;

/**
 * What is wrong with one entry of a zone file, thrown from deep inside a field parser and caught
 * once per entry, which is then skipped.
 *
 * <p>Errors are the rare path, so an exception costs nothing on good input; it carries no stack
 * trace because the line number is the only location anyone needs.
 */
final class EntryError extends Exception {
  private final int line;

  EntryError(int line, String message) {
    super(message, null, false, false);
    this.line = line;
  }

  int line() {
    return line;
  }
}
