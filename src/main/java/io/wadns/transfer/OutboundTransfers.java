package io.wadns.transfer;

import io.wadns.tsig.TsigErrors;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.Zone;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
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
 * The primary side of zone transfer over TCP: decides what an AXFR (RFC 5936) or IXFR (RFC 1995)
 * request gets, and makes the stream of messages that answers it. In order: the request must parse
 * with one question of class IN; a TSIG must name a known key and verify (else NOTAUTH with the TSIG
 * error, RFC 8945 §5.2); the zone must be one of ours (else NOTAUTH, RFC 5936 §2.2.1); the client
 * must be allowed by the access list (else REFUSED, §5). Every reply to a verified request is signed.
 *
 * <p>Knows nothing of sockets. Thread-safe: each request reads the published zones once.
 */
public final class OutboundTransfers {
  private final Function<Name, Publisher.Published> zones;
  private final TransferAcl acl;
  private final TsigKeyring keys;
  private final TransferStats stats;

  /**
   * @param zones the zone published for transfer under an origin, or null
   */
  public OutboundTransfers(Function<Name, Zone> zones, TransferAcl acl, TsigKeyring keys, TransferStats stats) {
    this(origin -> {
      Zone z = zones.apply(origin);
      return z == null ? null : new Publisher.Published(z, Journal.EMPTY);
    }, acl, keys, stats, true);
  }

  /** With the journals of the published zones, for IXFR. */
  OutboundTransfers(Function<Name, Publisher.Published> published, TransferAcl acl, TsigKeyring keys,
      TransferStats stats, boolean withJournals) {
    this.zones = published;
    this.acl = acl;
    this.keys = keys;
    this.stats = stats;
  }

  public TransferStats stats() {
    return stats;
  }

  /** The reply to {@code request}, a query of type AXFR or IXFR that came over TCP from {@code client}. */
  public TransferReply answer(byte[] request, InetSocketAddress client) {
    Message query;
    TSIGRecord tsig;
    try {
      query = new Message(io.wadns.wire.Wire.withoutTc(request)); // TC forgives no parse error here
      tsig = query.getTSIG();
    } catch (Exception e) {
      return refuse(formErr(request), "FORMERR");
    }
    Record question = query.getQuestion();
    if (query.getHeader().getCount(Section.QUESTION) != 1 || question.getDClass() != DClass.IN
        || query.getHeader().getOpcode() != Opcode.QUERY) {
      return refuse(reply(query, Rcode.FORMERR), "FORMERR");
    }
    TSIG key = null;
    if (tsig != null) {
      key = keys.signer(tsig.getName(), tsig.getAlgorithm());
      if (key == null) {
        return refuse(TsigErrors.append(reply(query, Rcode.NOTAUTH), query, keys, Rcode.BADKEY), "NOTAUTH");
      }
      int error = key.verify(query, request, null);
      if (error != Rcode.NOERROR) {
        return refuse(TsigErrors.append(reply(query, Rcode.NOTAUTH), query, keys, error), "NOTAUTH");
      }
    }
    Name origin = question.getName();
    Publisher.Published published = zones.apply(origin);
    Zone zone = published == null ? null : published.zone();
    if (zone == null) {
      return refuse(signed(reply(query, Rcode.NOTAUTH), key, query, tsig), "NOTAUTH");
    }
    if (!acl.allows(client == null ? null : client.getAddress(), key == null ? null : tsig.getName())) {
      return refuse(signed(reply(query, Rcode.REFUSED), key, query, tsig), "REFUSED");
    }
    long started = System.nanoTime();
    SoaRecord soa = SoaRecord.of(zone);
    TransferStats.Kind kind = TransferStats.Kind.AXFR;
    String what = "AXFR of " + origin + " serial " + soa.serial();
    RecordSource records = null;
    if (question.getType() == Type.IXFR) {
      long theirs = clientSerial(query);
      if (theirs >= 0 && !Serials.greater(soa.serial(), theirs)) {
        // RFC 1995 §2: a client as new as we are gets our SOA alone.
        return new TransferReply.Single(signed(upToDate(query, soa, origin), key, query, tsig));
      }
      List<Difference> differences = theirs < 0 ? null : published.journal().since(theirs);
      if (differences != null && differences.get(differences.size() - 1).toSerial() == soa.serial()) {
        kind = TransferStats.Kind.IXFR;
        what = "IXFR of " + origin + " from serial " + theirs + " to " + soa.serial() + " (" + differences.size()
            + " difference" + (differences.size() == 1 ? "" : "s") + ")";
        records = new IxfrRecords(soa, differences);
      } else {
        // RFC 1995 §4: without the differences, the whole zone, as in AXFR.
        what = "IXFR of " + origin + " from serial " + theirs + " to " + soa.serial()
            + " as the whole zone (the journal does not reach back to " + theirs + ")";
      }
    }
    if (records == null) {
      records = new AxfrRecords(soa, zone.records());
    }
    byte[] questionWire = question.toWire(Section.QUESTION);
    // QR and AA; RD copied (RFC 5936 §2.2.1); opcode QUERY, rcode NOERROR.
    int flags = 0x8400 | (query.getHeader().getFlag(Flags.RD) ? 0x0100 : 0);
    TransferSigner signer = key == null ? null : new TransferSigner(key, query.getHeader().getID(), tsig);
    return new TransferReply.Stream(new TransferStream(records, query.getHeader().getID(), flags,
        questionWire, signer, key == null ? 0 : key.recordLength(),
        new TransferStream.Outcome(stats, kind, origin, what, client, key == null ? null : tsig.getName()), started));
  }

  private TransferReply refuse(byte[] wire, String rcode) {
    stats.refused(rcode);
    return new TransferReply.Single(wire);
  }

  /** The serial of the SOA in the authority section of an IXFR request (RFC 1995 §3), or -1. */
  private static long clientSerial(Message query) {
    for (Record r : query.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return soa.getSerial();
      }
    }
    return -1;
  }

  private static byte[] upToDate(Message query, SoaRecord soa, Name origin) {
    Message m = header(query, Rcode.NOERROR);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(soa.record(origin), Section.ANSWER);
    return m.toWire();
  }

  private static byte[] reply(Message query, int rcode) {
    return header(query, rcode).toWire();
  }

  private static Message header(Message query, int rcode) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) {
      m.getHeader().setFlag(Flags.RD);
    }
    m.getHeader().setOpcode(query.getHeader().getOpcode());
    m.getHeader().setRcode(rcode);
    if (query.getQuestion() != null) {
      m.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return m;
  }

  private static byte[] signed(byte[] reply, TSIG key, Message query, TSIGRecord tsig) {
    return key == null ? reply : TsigErrors.append(reply, key.generate(query, reply, Rcode.NOERROR, tsig, true));
  }

  /** FORMERR to a request that does not parse: its ID, QR set, nothing else (RFC 1035 §4.1.1). */
  private static byte[] formErr(byte[] request) {
    byte[] out = new byte[12];
    out[0] = request.length > 0 ? request[0] : 0;
    out[1] = request.length > 1 ? request[1] : 0;
    out[2] = (byte) 0x80;
    out[3] = Rcode.FORMERR;
    return out;
  }
}
