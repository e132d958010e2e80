package io.wadns.protocol;

import io.wadns.resolve.Answer;
import io.wadns.resolve.Query;
import io.wadns.resolve.Resolver;
import io.wadns.weighted.AddressGroup;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Turns one query packet into one reply packet: the DNS protocol rules around the resolver (header
 * flags, EDNS, size limits and truncation, malformed input). Knows nothing of sockets, so the same
 * code answers UDP and TCP and is tested with plain byte arrays.
 *
 * <p>Thread-safe and stateless. Never throws: a packet we cannot answer yields null (drop).
 */
public final class Responder {
  /** RFC 6891 §6.2.5 and the DNS Flag Day 2020 advice: a size that avoids IP fragmentation. */
  public static final int ADVERTISED_UDP_SIZE = 1232;
  /** RFC 1035 §4.2.1: UDP replies without EDNS. */
  static final int CLASSIC_UDP_SIZE = 512;
  static final int TCP_SIZE = 65535;

  private static final Logger log = LoggerFactory.getLogger(Responder.class);

  private final Resolver resolver;
  private final FastPath fastPath;
  private final QueryObserver observer;
  /** The alias target the general path picked for the current query, for the observer. */
  private final ThreadLocal<String[]> generalPick = ThreadLocal.withInitial(() -> new String[1]);
  private final LogLimiter errorLog = new LogLimiter();
  private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[TCP_SIZE]);

  public Responder(Resolver resolver) {
    this(resolver, QueryObserver.NONE);
  }

  public Responder(Resolver resolver, QueryObserver observer) {
    this.resolver = resolver;
    this.observer = observer;
    this.fastPath = new FastPath(resolver::snapshot, resolver, resolver.random(), Responder::render);
  }

  /**
   * Writes the reply to the first {@code length} bytes of {@code packet} into {@code out} (which
   * must hold 65535 bytes) and returns its length; 0 when the packet must be dropped. The common
   * queries are answered from cached bytes without allocating; the rest take the general path.
   */
  public int respond(byte[] packet, int length, Transport transport, byte[] out) {
    return respond(packet, length, transport, null, out);
  }

  /** As {@link #respond(byte[], int, Transport, byte[])}, telling the observer who asked. */
  public int respond(byte[] packet, int length, Transport transport, InetSocketAddress client, byte[] out) {
    long started = System.nanoTime();
    try {
      int n = fastPath.answer(packet, length, transport, out);
      if (n >= 0) {
        observer.answered(transport, client, out, n, fastPath.lastTarget(), System.nanoTime() - started);
        return n;
      }
    } catch (RuntimeException e) {
      if (errorLog.permit()) {
        log.warn("internal error in the fast path, answering by the general path: {}", e.toString());
      }
    }
    String[] pick = generalPick.get();
    pick[0] = null;
    AddressGroup picked = fastPath.takePick();
    byte[] reply = general(length == packet.length ? packet : java.util.Arrays.copyOf(packet, length), transport,
        picked);
    if (reply == null) {
      observer.dropped(transport, client);
      return 0;
    }
    System.arraycopy(reply, 0, out, 0, reply.length);
    observer.answered(transport, client, out, reply.length, pick[0], System.nanoTime() - started);
    return reply.length;
  }

  /** Tells the observer that rate limiting held back a reply this responder produced. */
  public void rateLimited(boolean slipped) {
    observer.rateLimited(slipped);
  }

  /** The reply to {@code packet}, or null when the packet must be dropped unanswered. */
  public byte[] respond(byte[] packet, Transport transport) {
    byte[] out = scratch.get();
    int n = respond(packet, packet.length, transport, out);
    return n == 0 ? null : java.util.Arrays.copyOf(out, n);
  }

  /** The general path alone: every rule, every query shape, rendered by dnsjava. */
  byte[] general(byte[] packet, Transport transport) {
    return general(packet, transport, null);
  }

  /**
   * The general path; with {@code picked}, the weighted group the fast path already chose for this
   * very query, which answers it instead of a second pick.
   */
  private byte[] general(byte[] packet, Transport transport, AddressGroup picked) {
    if (packet.length < Header.LENGTH) {
      return null; // not even a header: nothing to address a reply to
    }
    int flags = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    if ((flags & 0x8000) != 0) {
      return null; // a response, not a query: answering could start a loop between servers
    }
    int opcode = (flags >> 11) & 0xF;
    if (opcode != Opcode.QUERY) {
      // Opcode echoed, every other flag clear, no sections (RFC 1035 §4.1.1, RFC 6895 §2).
      return headerOnly(packet, 0x8000 | (opcode << 11) | Rcode.NOTIMP);
    }
    Message query;
    try {
      query = new Message(strict(packet, flags));
    } catch (Exception e) {
      return formErr(packet, flags);
    }
    try {
      return respond(packet, query, flags, transport, picked);
    } catch (RuntimeException e) {
      if (errorLog.permit()) {
        log.warn("internal error answering {}: {}", query.getQuestion(), e.toString());
      }
      return headerOnly(packet, 0x8000 | (flags & 0x0100) | Rcode.SERVFAIL);
    }
  }

  /**
   * dnsjava forgives parse errors in messages with TC set (a truncated response is expected to be
   * incomplete). A query with TC is not a truncated response, so we parse it as if TC were clear.
   */
  private static byte[] strict(byte[] packet, int flags) {
    if ((flags & 0x0200) == 0) {
      return packet;
    }
    byte[] copy = packet.clone();
    copy[2] &= ~0x02;
    return copy;
  }

  private byte[] respond(byte[] packet, Message query, int flags, Transport transport, AddressGroup picked) {
    Header header = query.getHeader();
    if (header.getCount(Section.QUESTION) != 1) {
      return formErr(packet, flags); // RFC 9619: exactly one question
    }
    Record question = query.getQuestion();
    OPTRecord opt = validOpt(query);
    if (opt == INVALID_OPT) {
      return reply(query, null, Rcode.FORMERR, null, transport); // RFC 6891 §6.1.1
    }
    int qtype = question.getType();
    int qclass = question.getDClass();
    if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY) {
      return reply(query, opt, Rcode.FORMERR, null, transport);
    }
    if (opt != null && opt.getVersion() > 0) {
      return reply(query, opt, Rcode.BADVERS, null, transport); // RFC 6891 §6.1.3
    }
    TSIGRecord tsig = query.getTSIG();
    if (tsig != null) {
      return badKey(reply(query, opt, Rcode.NOTAUTH, null, transport), query, tsig);
    }
    if (qclass != DClass.IN && qclass != DClass.ANY) {
      return reply(query, opt, Rcode.REFUSED, null, transport);
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      return reply(query, opt, Rcode.REFUSED, null, transport); // zone transfer is not offered
    }
    Answer answer = picked != null ? Answer.fromGroup(picked, resolver.random())
        : resolver.resolve(new Query(question.getName(), qtype, transport == Transport.TCP));
    if (answer.pickedGroup() != null) {
      answer.pickedGroup().countAnswer();
      generalPick.get()[0] = answer.pickedGroup().id();
    }
    return reply(query, opt, answer.rcode(), answer, transport);
  }

  /** How the general path renders {@code answer} to a plain query for {@code name}: the fast path's bytes. */
  static byte[] render(org.xbill.DNS.Name name, int type, Answer answer) {
    Message query = new Message(0);
    query.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
    return reply(query, null, answer.rcode(), answer, Transport.TCP);
  }

  private static final OPTRecord INVALID_OPT = new OPTRecord(0, 0, 0);

  /** The query's OPT record, null when it has none, INVALID_OPT when it breaks RFC 6891 §6.1.1. */
  private static OPTRecord validOpt(Message query) {
    if (hasOpt(query, Section.ANSWER) || hasOpt(query, Section.AUTHORITY)) {
      return INVALID_OPT;
    }
    OPTRecord found = null;
    for (Record r : query.getSection(Section.ADDITIONAL)) {
      if (r.getType() == Type.OPT) {
        if (found != null || !r.getName().equals(org.xbill.DNS.Name.root)) {
          return INVALID_OPT;
        }
        found = (OPTRecord) r;
      }
    }
    return found;
  }

  private static boolean hasOpt(Message query, int section) {
    if (query.getHeader().getCount(section) == 0) {
      return false;
    }
    for (Record r : query.getSection(section)) {
      if (r.getType() == Type.OPT) {
        return true;
      }
    }
    return false;
  }

  private static byte[] reply(Message query, OPTRecord opt, int rcode, Answer answer, Transport transport) {
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
    int limit = TCP_SIZE;
    if (opt != null) {
      int doFlag = opt.getFlags() & ExtendedFlags.DO;
      response.addRecord(new OPTRecord(ADVERTISED_UDP_SIZE, rcode >>> 4, 0, doFlag), Section.ADDITIONAL);
      if (transport == Transport.UDP) {
        // RFC 6891 §6.2.5: sizes below 512 are treated as 512.
        limit = Math.max(CLASSIC_UDP_SIZE, Math.min(opt.getPayloadSize(), ADVERTISED_UDP_SIZE));
      }
    } else if (transport == Transport.UDP) {
      limit = CLASSIC_UDP_SIZE;
    }
    byte[] wire = response.toWire(limit);
    if (answer != null && answer.requiredAdditional() > 0) {
      int rendered = ((wire[10] & 0xFF) << 8 | (wire[11] & 0xFF)) - (opt != null ? 1 : 0);
      if (rendered < answer.requiredAdditional()) {
        wire[2] |= 0x02; // TC: RFC 9471 §3, required glue did not fit
      }
    }
    return wire;
  }

  /**
   * RFC 8945 §5.2.1: wadns holds no TSIG keys, so a signed query gets NOTAUTH with an unsigned TSIG
   * whose error is BADKEY. The TSIG goes last in the additional section (§5.1), after any OPT.
   */
  private static byte[] badKey(byte[] reply, Message query, TSIGRecord tsig) {
    TSIGRecord error = new TSIGRecord(tsig.getName(), DClass.ANY, 0, tsig.getAlgorithm(), tsig.getTimeSigned(),
        tsig.getFudge(), new byte[0], query.getHeader().getID(), Rcode.BADKEY, new byte[0]);
    byte[] rr = error.toWire(Section.ADDITIONAL);
    byte[] out = java.util.Arrays.copyOf(reply, reply.length + rr.length);
    System.arraycopy(rr, 0, out, reply.length, rr.length);
    int arcount = ((out[10] & 0xFF) << 8 | (out[11] & 0xFF)) + 1;
    out[10] = (byte) (arcount >> 8);
    out[11] = (byte) arcount;
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

  /** FORMERR when the header is readable but the rest is not: ID, opcode and RD copied. */
  private static byte[] formErr(byte[] packet, int flags) {
    return headerOnly(packet, 0x8000 | (flags & 0x7800) | (flags & 0x0100) | Rcode.FORMERR);
  }

  private static byte[] headerOnly(byte[] packet, int flags) {
    byte[] out = new byte[Header.LENGTH];
    out[0] = packet[0];
    out[1] = packet[1];
    out[2] = (byte) (flags >> 8);
    out[3] = (byte) flags;
    return out;
  }
}
