package io.wadns.zonefile;

import java.io.IOException;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Copies of dnsjava records with another TTL; dnsjava keeps its TTL setter to itself. */
final class Records {
  private Records() {}

  /** {@code r} with TTL {@code ttl}, rdata unchanged (names keep their case). */
  static Record withTtl(Record r, long ttl) {
    if (r.getTTL() == ttl) {
      return r;
    }
    try {
      return Record.fromString(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToString(), Name.root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot re-read " + r, e);
    }
  }
}
