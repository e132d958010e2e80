package io.wadns.protocol;

import io.wadns.wire.Wire;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
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
  static byte[] verify(TSIG key, Message query, byte[] packet, OPTRecord opt, Transport transport) {
    int error = key.verify(query, packet, null);
    if (error == Rcode.NOERROR) {
      return null;
    }
    TSIGRecord tsig = query.getTSIG();
    byte[] reply = ReplyEncoder.encode(query, opt, Rcode.NOTAUTH, null, transport);
    TSIGRecord answer = error == Rcode.BADTIME ? key.generate(query, reply, error, tsig, true)
        : new TSIGRecord(tsig.getName(), DClass.ANY, 0, tsig.getAlgorithm(), tsig.getTimeSigned(), tsig.getFudge(),
            new byte[0], query.getHeader().getID(), error, new byte[0]);
    return append(reply, answer);
  }

  /** {@code reply} signed with {@code key}, its MAC covering the query's (RFC 8945 §5.3). */
  static byte[] sign(TSIG key, Message query, TSIGRecord queryTsig, byte[] reply) {
    return append(reply, key.generate(query, reply, Rcode.NOERROR, queryTsig, true));
  }

  /** The TSIG goes last, after the OPT (RFC 8945 §5.1). */
  private static byte[] append(byte[] reply, TSIGRecord tsig) {
    byte[] rr = tsig.toWire(Section.ADDITIONAL);
    byte[] out = Arrays.copyOf(reply, reply.length + rr.length);
    System.arraycopy(rr, 0, out, reply.length, rr.length);
    Wire.put16(out, 10, Wire.additionalCount(out) + 1);
    return out;
  }
}
