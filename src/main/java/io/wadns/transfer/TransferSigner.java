package io.wadns.transfer;

import io.wadns.tsig.TsigErrors;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Signs the messages of one response with the key the request was signed with: RFC 8945 §5.3.1,
 * every message carries a TSIG; the first one's MAC covers the request's MAC, the message and all
 * TSIG variables, each later one's covers the previous MAC, the message and the timers only.
 */
final class TransferSigner {
  private final TSIG key;
  private final Message idHolder;
  private TSIGRecord previous;
  private boolean first = true;

  TransferSigner(TSIG key, int id, TSIGRecord request) {
    this.key = key;
    this.idHolder = new Message(id);
    this.previous = request;
  }

  /** {@code message} with its TSIG appended last in the additional section (RFC 8945 §5.1). */
  byte[] sign(byte[] message) {
    TSIGRecord tsig = key.generate(idHolder, message, Rcode.NOERROR, previous, first);
    first = false;
    previous = tsig;
    return TsigErrors.append(message, tsig);
  }
}
