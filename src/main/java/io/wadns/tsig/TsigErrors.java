package io.wadns.tsig;

import io.wadns.wire.Wire;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;

/**
 * TSIG failures (RFC 8945 §5.2): the TSIG a NOTAUTH reply carries to tell the requester what failed,
 * and the words a log gives a peer's such answer. One place for every listener that verifies TSIG
 * (queries, transfers, NOTIFY). Stateless.
 */
public final class TsigErrors {
  private TsigErrors() {}

  /**
   * {@code reply} (a NOTAUTH to {@code query}, whose TSIG failed with {@code error}) with the TSIG that
   * names the error last in its additional section (§5.1): BADKEY (§5.2.1: no key of that name and
   * algorithm in {@code keys}) and BADSIG (§5.2.2) unsigned, with an empty MAC, since the requester
   * could check none; BADTIME (§5.2.3) signed with the key, the request's time signed and ours as Other
   * Data, so the requester learns how far apart the clocks are.
   */
  public static byte[] append(byte[] reply, Message query, TsigKeyring keys, int error) {
    TSIGRecord tsig = query.getTSIG();
    TsigKey key = error == Rcode.BADTIME ? keys.key(tsig.getName(), tsig.getAlgorithm()) : null;
    TSIGRecord answer = key != null ? key.badTime(query, reply, keys.clock().instant())
        : new TSIGRecord(tsig.getName(), DClass.ANY, 0, tsig.getAlgorithm(), tsig.getTimeSigned(), tsig.getFudge(),
            new byte[0], query.getHeader().getID(), error, new byte[0]);
    return append(reply, answer);
  }

  /** {@code message} with {@code tsig} appended last (§5.1: after any OPT) and ARCOUNT raised. */
  public static byte[] append(byte[] message, TSIGRecord tsig) {
    byte[] rr = tsig.toWire(Section.ADDITIONAL);
    byte[] out = Arrays.copyOf(message, message.length + rr.length);
    System.arraycopy(rr, 0, out, message.length, rr.length);
    Wire.put16(out, 10, Wire.additionalCount(out) + 1);
    return out;
  }

  /**
   * The name of TSIG error {@code error} (RFC 8945 §5.2: BADSIG, BADKEY, BADTIME ...), or its number for one
   * past the 12 bits dnsjava names: the field is 16 bits, and a peer may send any value.
   */
  public static String name(int error) {
    return error >= 0 && error <= 0xFFF ? Rcode.TSIGstring(error) : String.valueOf(error);
  }

  /**
   * What a TSIG error in a {@code peer}'s answer means, as " (…)" to follow its name in a log line,
   * or "" for another code.
   */
  public static String meaning(int error, String peer) {
    return switch (error) {
      case Rcode.BADKEY -> " (the " + peer + " does not know the key's name or algorithm)";
      case Rcode.BADSIG -> " (the " + peer + " has another secret under the key's name)";
      case Rcode.BADTIME -> " (the two clocks differ by more than the fudge, 300 s)";
      default -> "";
    };
  }
}
