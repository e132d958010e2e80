package io.wadns.zonefile;

import org.xbill.DNS.Record;

/** A record together with the place it was read from, so later validation can name file and line. */
record SourcedRecord(Record record, String file, int line) {
  ZoneProblem problem(String message) {
    return new ZoneProblem(file, line, message);
  }

  ZoneProblem warning(String message) {
    return ZoneProblem.warning(file, line, message);
  }
}
