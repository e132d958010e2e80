package io.wadns.zonetext;

import java.util.Set;

/** The known, legitimate ways this reader and dnsjava's {@code Master} disagree on a whole file. */
final class Difference {
  static final Set<String> DOCUMENTED = Set.of();

  private Difference() {}

  static String classify(ZoneFileComparisonTest.Comparison c) {
    if (c.dnsjavaError() != null && c.ourErrors().isEmpty()) {
      return "only dnsjava rejects: " + c.dnsjavaError().replaceAll("^.*?:\\d+: ", "").replaceAll("'.*'", "'...'");
    }
    if (c.dnsjavaError() == null && !c.ourErrors().isEmpty()) {
      return "only we reject: " + c.ourErrors().get(0).replaceAll("^.*?:\\d+: ", "").replaceAll("'.*'", "'...'");
    }
    return "different records";
  }
}
