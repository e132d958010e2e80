package io.wadns.dnssec;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A zone's authenticated denial of existence, NSEC (RFC 4034 §4) or NSEC3 (RFC 5155): the chain's
 * records, to sign and serve, and the proofs of RFC 4035 §3.1.3 and §3.1.4 as lookups over it. Each
 * proof method expects the outcome the resolver found and throws {@link IllegalArgumentException}
 * when it does not hold.
 */
public interface DenialChain {
  /** The chain's records, one per owner. */
  List<? extends Record> records();

  List<Record> nxdomain(Name qname);

  List<Record> nodata(Name qname);

  List<Record> wildcardAnswer(Name qname);

  List<Record> wildcardNodata(Name qname);

  List<Record> insecureDelegation(Name cut);
}
