package io.wadns.protocol;

import io.wadns.tsig.TsigErrors;
import io.wadns.tsig.TsigKeyring;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * TSIG on ordinary queries (RFC 8945): a signed query with a known key is verified before it is
 * answered, and its reply is signed with the same key; a secondary's SOA query before a transfer is
 * the common case. Stateless.
 */
final class SignedReplies {
  private SignedReplies() {}

  /**
   * Null when the query's TSIG verifies with {@code key}; otherwise the NOTAUTH reply carrying the
   * TSIG error: BADSIG unsigned (§5.2.2), BADTIME signed, with our time (§5.2.3).
   */
  static byte[] verify(TSIG key, TsigKeyring keys, Message query, byte[] packet, OPTRecord opt,
      Transport transport) {
    int error = key.verify(query, packet, null);
    if (error == Rcode.NOERROR) {
      return null;
    }
    return TsigErrors.append(ReplyEncoder.encode(query, opt, Rcode.NOTAUTH, null, transport), query, keys, error);
  }

  /** {@code reply} signed with {@code key}, its MAC covering the query's (RFC 8945 §5.3). */
  static byte[] sign(TSIG key, Message query, TSIGRecord queryTsig, byte[] reply) {
    return TsigErrors.append(reply, key.generate(query, reply, Rcode.NOERROR, queryTsig, true));
  }
}
