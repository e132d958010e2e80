package io.wadns.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * The differences between the recent versions of one zone, oldest first, each taking up from the
 * serial the one before ended at (RFC 1995 §4): what IXFR answers from. Bounded in bytes: the oldest
 * differences go first. Immutable: appending makes a new journal, swapped in whole.
 */
record Journal(List<Difference> differences, long bytes) {
  static final Journal EMPTY = new Journal(List.of(), 0);

  Journal {
    differences = List.copyOf(differences);
  }

  /**
   * This journal with {@code d} at the end, less its oldest differences while it holds more than
   * {@code maxBytes}. A difference that does not follow on from the last one starts a new journal.
   */
  Journal append(Difference d, long maxBytes) {
    List<Difference> list = new ArrayList<>();
    long size = 0;
    if (differences.isEmpty() || differences.get(differences.size() - 1).toSerial() == d.fromSerial()) {
      list.addAll(differences);
      size = bytes;
    }
    list.add(d);
    size += d.size();
    while (!list.isEmpty() && size > maxBytes) {
      size -= list.remove(0).size();
    }
    return new Journal(list, size);
  }

  /**
   * The differences that take a secondary at {@code serial} to the newest version, or null when the
   * journal does not reach back that far (then the whole zone is sent, RFC 1995 §4).
   */
  List<Difference> since(long serial) {
    for (int i = 0; i < differences.size(); i++) {
      if (differences.get(i).fromSerial() == serial) {
        return differences.subList(i, differences.size());
      }
    }
    return null;
  }

  /** The serial the newest difference ends at, or -1 when empty. */
  long lastSerial() {
    return differences.isEmpty() ? -1 : differences.get(differences.size() - 1).toSerial();
  }
}
