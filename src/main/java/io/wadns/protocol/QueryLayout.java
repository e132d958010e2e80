package io.wadns.protocol;

import io.wadns.wire.Wire;
import org.xbill.DNS.Type;

/**
 * Where a query's sections lie, read from the wire before dnsjava parses it, for two rules dnsjava does
 * not apply to a message it reads: nothing may follow the last record the header counts, and a TSIG
 * record must be the last record of the additional section (RFC 8945 §5.1). dnsjava reads a packet
 * with trailing octets as if they were not there, reads a TSIG in the answer or authority section as
 * an ordinary record, and rejects a TSIG that is not last without saying where the question ended.
 *
 * <p>Knot 3.2 applies both rules while parsing ({@code knot_pkt_parse} in {@code libknot/packet/pkt.c}:
 * {@code check_rr_constraints} and the trailing data check, {@code KNOT_ETRAIL}) and answers either
 * break with FORMERR, the question echoed; {@link Responder} does the same.
 */
enum QueryLayout {
  /** Every counted record is readable, the last ends where the packet ends, any TSIG is last. */
  SOUND,
  /** Octets follow the last record the header counts: the packet is longer than its sections. */
  TRAILING_OCTETS,
  /** A TSIG record outside the additional section, or not its last record (RFC 8945 §5.1). */
  MISPLACED_TSIG,
  /** A name or record runs past the end: the full parse reports it. */
  UNREADABLE;

  /** The layout of {@code packet}, whose header (12 octets) is known to be there. */
  static QueryLayout of(byte[] packet) {
    int length = packet.length;
    int p = Wire.HEADER_LENGTH;
    for (int i = Wire.questionCount(packet); i > 0; i--) {
      p = Wire.nameEnd(packet, p, length);
      if (p < 0 || p + 4 > length) {
        return UNREADABLE;
      }
      p += 4;
    }
    int answerAndAuthority = Wire.answerCount(packet) + Wire.authorityCount(packet);
    int records = answerAndAuthority + Wire.additionalCount(packet);
    boolean misplacedTsig = false;
    for (int i = 0; i < records; i++) {
      int fixed = Wire.nameEnd(packet, p, length);
      p = Wire.recordEnd(packet, fixed, length);
      if (p < 0) {
        return UNREADABLE;
      }
      if (Wire.u16(packet, fixed) == Type.TSIG && (i < answerAndAuthority || i < records - 1)) {
        misplacedTsig = true; // Knot reports this before the trailing octets, so it wins here too
      }
    }
    if (misplacedTsig) {
      return MISPLACED_TSIG;
    }
    return p < length ? TRAILING_OCTETS : SOUND;
  }
}
