package io.wadns.secondary;

import io.wadns.zonefile.WireZone;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/** What one zone transfer brought: a closed set of outcomes. */
sealed interface Transferred {
  /** The primary's SOA: the version it serves. */
  SOARecord soa();

  /** IXFR answered with the SOA alone: our version is current (RFC 1995 §2). */
  record UpToDate(SOARecord soa) implements Transferred {}

  /**
   * The whole zone (RFC 5936 §2.2): its {@code records} records, the SOA first and the closing SOA left
   * out, in {@code zone}, not yet built.
   */
  record Full(SOARecord soa, WireZone zone, int records) implements Transferred {}

  /** Differences from our version to the primary's, oldest first (RFC 1995 §4). */
  record Incremental(SOARecord soa, List<Difference> differences) implements Transferred {
    public Incremental {
      differences = List.copyOf(differences);
    }
  }

  /** One version to the next: the records deleted, then the records added, each with its SOA. */
  record Difference(SOARecord from, List<Record> deleted, SOARecord to, List<Record> added) {
    public Difference {
      deleted = List.copyOf(deleted);
      added = List.copyOf(added);
    }
  }
}
