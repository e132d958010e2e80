package io.wadns.protocol;

import io.wadns.resolve.Answer;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The one encoder of replies: it alone decides the size limit of a reply, what is left out and when
 * TC is set, and the OPT record we send. The answer cache stores what this encoder rendered and adds
 * the OPT bytes this encoder made, so neither path re-derives these rules (NSD's {@code answer.c}
 * keeps them in one place the same way).
 */
final class ReplyEncoder {
  /** RFC 6891 §6.2.5 and the DNS Flag Day 2020 advice: a size that avoids IP fragmentation. */
  static final int ADVERTISED_UDP_SIZE = 1232;
  /** RFC 1035 §4.2.1: UDP replies without EDNS. */
  static final int CLASSIC_UDP_SIZE = 512;
  /** RFC 1035 §4.2.2: the 2-octet length prefix bounds a TCP message. */
  static final int TCP_SIZE = 65535;

  /** Our OPT record without and with DO, as written after the other records (RFC 6891 §6.1.2). */
  private static final byte[][] OPT_WIRE = {optRecord(false, Rcode.NOERROR).toWire(Section.ADDITIONAL),
      optRecord(true, Rcode.NOERROR).toWire(Section.ADDITIONAL)};

  private ReplyEncoder() {}

  /**
   * The largest reply for this transport: 65535 over TCP; over UDP the client's EDNS payload size
   * capped at ours, and never below 512 (RFC 6891 §6.2.5), or 512 without EDNS (RFC 1035 §4.2.1).
   */
  static int sizeLimit(Transport transport, boolean hasOpt, int udpPayload) {
    if (transport == Transport.TCP) {
      return TCP_SIZE;
    }
    return hasOpt ? Math.max(CLASSIC_UDP_SIZE, Math.min(udpPayload, ADVERTISED_UDP_SIZE)) : CLASSIC_UDP_SIZE;
  }

  /** The OPT record of our replies: our payload size, the upper rcode bits, DO echoed (RFC 3225 §3). */
  static OPTRecord optRecord(boolean dnssecOk, int rcode) {
    return new OPTRecord(ADVERTISED_UDP_SIZE, rcode >>> 4, 0, dnssecOk ? ExtendedFlags.DO : 0);
  }

  /** The wire form of {@link #optRecord} for an rcode below 16, for replies copied from the cache. */
  static byte[] optWire(boolean dnssecOk) {
    return OPT_WIRE[dnssecOk ? 1 : 0];
  }

  /**
   * The reply to {@code query}: its ID, RD and CD, the question echoed, the answer's sections cut to
   * the transport's limit, and an OPT record when the query had one.
   *
   * @param opt the query's OPT record, or null
   * @param answer null for a reply without records (errors)
   */
  static byte[] encode(Message query, OPTRecord opt, int rcode, Answer answer, Transport transport) {
    return encode(query, opt, rcode, answer, transport, 0);
  }

  /**
   * As above, leaving {@code reserve} bytes under the size limit for a record the caller appends
   * (the TSIG of a signed reply, RFC 8945 §5.3).
   */
  static byte[] encode(Message query, OPTRecord opt, int rcode, Answer answer, Transport transport, int reserve) {
    Header qh = query.getHeader();
    Message response = new Message(qh.getID());
    Header h = response.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(Opcode.QUERY);
    copyFlag(qh, h, Flags.RD);
    copyFlag(qh, h, Flags.CD);
    h.setRcode(rcode & 0xF);
    response.addRecord(query.getQuestion(), Section.QUESTION);
    if (answer != null) {
      if (answer.authoritative()) {
        h.setFlag(Flags.AA);
      }
      addAll(response, answer.answer(), Section.ANSWER);
      addAll(response, answer.authority(), Section.AUTHORITY);
      addAll(response, answer.additional(), Section.ADDITIONAL);
    }
    if (opt != null) {
      response.addRecord(optRecord((opt.getFlags() & ExtendedFlags.DO) != 0, rcode), Section.ADDITIONAL);
    }
    // dnsjava leaves out whole RRsets that do not fit and sets TC when they were in the answer or
    // authority section; additional data is dropped silently (RFC 2181 §9).
    byte[] wire = response.toWire(sizeLimit(transport, opt != null, opt == null ? 0 : opt.getPayloadSize()) - reserve);
    if (answer != null && answer.requiredAdditional() > 0) {
      int rendered = ((wire[10] & 0xFF) << 8 | (wire[11] & 0xFF)) - (opt != null ? 1 : 0);
      if (rendered < answer.requiredAdditional()) {
        wire[2] |= 0x02; // TC: RFC 9471 §3, required glue did not fit
      }
    }
    return wire;
  }

  /**
   * The reply to a plain query (no OPT, lower-case name) for {@code name}/{@code type} with
   * {@code answer}, with no size limit: what the answer cache stores.
   */
  static byte[] render(Name name, int type, Answer answer) {
    Message query = new Message(0);
    query.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
    return encode(query, null, answer.rcode(), answer, Transport.TCP);
  }

  /** FORMERR when the header is readable but the rest is not: ID, opcode and RD copied. */
  static byte[] formErr(byte[] packet, int flags) {
    return headerOnly(packet, 0x8000 | (flags & 0x7800) | (flags & 0x0100) | Rcode.FORMERR);
  }

  /** A reply of the query's ID and these flags, no sections. */
  static byte[] headerOnly(byte[] packet, int flags) {
    byte[] out = new byte[Header.LENGTH];
    out[0] = packet[0];
    out[1] = packet[1];
    out[2] = (byte) (flags >> 8);
    out[3] = (byte) flags;
    return out;
  }

  private static void addAll(Message m, List<Record> records, int section) {
    for (int i = 0, n = records.size(); i < n; i++) {
      m.addRecord(records.get(i), section);
    }
  }

  private static void copyFlag(Header from, Header to, int flag) {
    if (from.getFlag(flag)) {
      to.setFlag(flag);
    }
  }
}
