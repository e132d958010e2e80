package io.wadns.zonetext;

import java.util.List;

/**
 * The outcome of reading a zone file and its includes.
 *
 * @param records how many records went to the sink
 * @param problems the errors and warnings, in the order they were found
 */
public record ZoneTextReport(long records, List<ZoneTextProblem> problems) {
  /** True when some entry had to be skipped: the zone is incomplete and should not be served. */
  public boolean hasErrors() {
    return problems.stream().anyMatch(ZoneTextProblem::isError);
  }
}
