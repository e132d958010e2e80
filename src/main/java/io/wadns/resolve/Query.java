package io.wadns.resolve;

import org.xbill.DNS.Name;

/**
 * A question to answer.
 *
 * @param name the query name as the client wrote it (its case is echoed back)
 * @param type the query type
 * @param fullAny answer ANY with every RRset (over TCP) rather than one (over UDP, RFC 8482 §4.1)
 */
public record Query(Name name, int type, boolean fullAny) {}
