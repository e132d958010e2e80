package io.wadns.resolve;

import org.xbill.DNS.Name;

/**
 * A question to answer.
 *
 * @param name the query name as the client wrote it (its case is echoed back)
 * @param type the query type
 * @param fullAny answer ANY with every RRset (over TCP) rather than one (over UDP, RFC 8482 §4.1)
 * @param dnssecOk the query's EDNS DO bit: answers from signed zones carry RRSIGs and denial proofs
 *     (RFC 4035 §3.1, RFC 3225)
 */
public record Query(Name name, int type, boolean fullAny, boolean dnssecOk) {
  /** A query without the DO bit. */
  public Query(Name name, int type, boolean fullAny) {
    this(name, type, fullAny, false);
  }
}
