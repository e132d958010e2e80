package io.wadns.transfer;

/**
 * What changed from one version of a zone to the next, as IXFR sends it (RFC 1995 §4): the old SOA,
 * the records deleted, the new SOA, the records added, one after another in {@code records}, each in
 * uncompressed wire form (owner, type, class, TTL, RDLENGTH, RDATA). Immutable.
 *
 * @param count the records in {@code records}, both SOAs included
 */
record Difference(long fromSerial, long toSerial, byte[] records, int count) {
  /** Bytes this difference takes in the journal. */
  long size() {
    return records.length + 16L;
  }
}
