package io.wadns.secondary;

import io.wadns.tsig.TsigErrors;
import io.wadns.tsig.TsigKeyring;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Judges one NOTIFY (RFC 1996): the question must be the SOA of a followed zone, the sender one of
 * its primaries (§3.10), and, when the zone names a TSIG key, the message signed with it (RFC 8945).
 * Accepted, it is answered NOERROR with AA set and the question echoed (§4.7), signed as the
 * request was; otherwise REFUSED (not ours, not from a primary), NOTAUTH (TSIG: with the TSIG error of
 * RFC 8945 §5.2 when the signature fails) or FORMERR. Stateless.
 */
final class NotifyReceiver {
  private static final Logger log = LoggerFactory.getLogger(NotifyReceiver.class);

  /**
   * The reply, the zone to check when the NOTIFY was accepted (else null), and the serial its answer
   * section gives for the zone (RFC 1996 §3.7), or -1.
   */
  record Verdict(byte[] reply, FollowedZone zone, long serial) {}

  private final Supplier<Map<Name, FollowedZone>> zones;
  private final TsigKeyring keys;

  NotifyReceiver(Supplier<Map<Name, FollowedZone>> zones, TsigKeyring keys) {
    this.zones = zones;
    this.keys = keys;
  }

  Verdict answer(byte[] packet, InetSocketAddress client) {
    Message query;
    TSIGRecord signature;
    try {
      query = new Message(io.wadns.wire.Wire.withoutTc(packet)); // TC forgives no parse error here
      signature = query.getTSIG();
    } catch (Exception e) {
      return refused(headerOnly(packet, Rcode.FORMERR));
    }
    List<Record> question = query.getSection(Section.QUESTION);
    if (question.size() != 1 || question.get(0).getType() != Type.SOA
        || question.get(0).getDClass() != DClass.IN) {
      return refused(reply(query, Rcode.FORMERR, null));
    }
    Name zoneName = question.get(0).getName();
    FollowedZone zone = zones.get().get(zoneName);
    TSIG signer = null;
    if (signature != null) {
      signer = keys.signer(signature.getName(), signature.getAlgorithm());
      int error = signer == null ? Rcode.BADKEY : signer.verify(query, packet, null);
      if (error != Rcode.NOERROR) {
        log.debug("NOTIFY of {} from {}: TSIG error {}", zoneName, client, TsigErrors.name(error));
        // RFC 8945 §5.2: NOTAUTH, with a TSIG that names the error, so the primary can say what failed
        return refused(TsigErrors.append(reply(query, Rcode.NOTAUTH, null), query, keys, error));
      }
    }
    if (zone == null || client == null || !zone.isPrimary(client.getAddress())) {
      log.debug("NOTIFY of {} from {} refused: {}", zoneName, client,
          zone == null ? "not a secondary zone here" : "not one of its primaries");
      return refused(reply(query, Rcode.REFUSED, signer));
    }
    if (zone.key != null && (signature == null || !signature.getName().equals(zone.key))) {
      log.debug("NOTIFY of {} from {} refused: not signed with key {}", zoneName, client, zone.key);
      return refused(reply(query, Rcode.NOTAUTH, signer)); // a verified key that is not the zone's still signs
    }
    long serial = -1;
    for (Record r : query.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && r.getName().equals(zoneName)) {
        serial = soa.getSerial();
      }
    }
    return new Verdict(reply(query, Rcode.NOERROR, signer), zone, serial);
  }

  private static Verdict refused(byte[] reply) {
    return new Verdict(reply, null, -1);
  }

  /** The reply: ID, opcode NOTIFY, QR and AA (RFC 1996 §4.7), the question echoed, signed with {@code signer}. */
  private static byte[] reply(Message query, int rcode, TSIG signer) {
    Message r = new Message(query.getHeader().getID());
    Header h = r.getHeader();
    h.setOpcode(Opcode.NOTIFY);
    h.setFlag(Flags.QR);
    if (rcode == Rcode.NOERROR) {
      h.setFlag(Flags.AA);
    }
    h.setRcode(rcode);
    for (Record q : query.getSection(Section.QUESTION)) {
      r.addRecord(q, Section.QUESTION);
    }
    if (signer != null) {
      signer.apply(r, query.getTSIG());
    }
    return r.toWire();
  }

  private static byte[] headerOnly(byte[] packet, int rcode) {
    byte[] out = new byte[Header.LENGTH];
    out[0] = packet[0];
    out[1] = packet[1];
    out[2] = (byte) (0x80 | (Opcode.NOTIFY << 3));
    out[3] = (byte) rcode;
    return out;
  }
}
