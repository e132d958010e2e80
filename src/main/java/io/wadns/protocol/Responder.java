package io.wadns.protocol;

import io.wadns.health.HealthView;
import io.wadns.resolve.Answer;
import io.wadns.resolve.Query;
import io.wadns.resolve.Resolver;
import io.wadns.tsig.TsigErrors;
import io.wadns.tsig.TsigKeyring;
import io.wadns.weighted.Pick;
import io.wadns.wire.Wire;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zone.ZoneSignatures;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Turns one query packet into one reply packet: the DNS protocol rules around the resolver (header
 * flags, EDNS, malformed input), with the answer cache in front and the {@link ReplyEncoder} behind.
 * Knows nothing of sockets, so the same code answers UDP and TCP and is tested with plain byte arrays.
 *
 * <p>Each query reads the zone snapshot and the health view once, and everything that answers it
 * uses those two. Thread-safe and stateless. Never throws but for errors of the VM itself: a bug
 * answers SERVFAIL (logged at most once a second), and a packet we cannot address a reply to yields
 * nothing (drop).
 */
public final class Responder {
  /** Our EDNS payload size (RFC 6891 §6.2.5, DNS Flag Day 2020). */
  public static final int ADVERTISED_UDP_SIZE = ReplyEncoder.ADVERTISED_UDP_SIZE;

  private static final Logger log = LoggerFactory.getLogger(Responder.class);
  private static final OPTRecord INVALID_OPT = new OPTRecord(0, 0, 0);

  private final Resolver resolver;
  private final FastPath fastPath;
  private final QueryObserver observer;
  private final TsigKeyring keys;
  /** Answers NOTIFY for the secondary zones, or null when there are none. */
  private final NotifyHandler notifies;
  private final LogLimiter errorLog = new LogLimiter();
  /** Per-thread parse buffer of the answer cache: reused, never shared. */
  private final ThreadLocal<QueryShape> shapes = ThreadLocal.withInitial(QueryShape::new);
  private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[ReplyEncoder.TCP_SIZE]);

  public Responder(Resolver resolver) {
    this(resolver, QueryObserver.NONE);
  }

  public Responder(Resolver resolver, QueryObserver observer) {
    this(resolver, observer, TsigKeyring.empty());
  }

  /** @param keys the TSIG keys signed queries are verified with and their replies signed with (RFC 8945) */
  public Responder(Resolver resolver, QueryObserver observer, TsigKeyring keys) {
    this(resolver, observer, keys, null);
  }

  /** @param notifies answers NOTIFY (RFC 1996) for the secondary zones, or null when there are none */
  public Responder(Resolver resolver, QueryObserver observer, TsigKeyring keys, NotifyHandler notifies) {
    this.notifies = notifies;
    this.keys = keys;
    this.resolver = resolver;
    this.observer = observer;
    this.fastPath = new FastPath(resolver, resolver.random());
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
    int n;
    Pick pick = null;
    try {
      ZoneSet zones = resolver.snapshot();
      HealthView health = resolver.health();
      QueryShape shape = shapes.get();
      FastAnswer fast = cacheAnswer(packet, length, transport, shape, zones, health);
      if (fast instanceof FastAnswer.Served served) {
        n = served.write(packet, shape, out);
        pick = served.pick();
      } else {
        Pick picked = ((FastAnswer.FallBack) fast).pick();
        Reply reply = general(length == packet.length ? packet : Arrays.copyOf(packet, length), transport, client,
            picked, zones, health);
        if (reply == null) {
          observer.dropped(transport, client);
          return 0;
        }
        System.arraycopy(reply.wire(), 0, out, 0, reply.wire().length);
        n = reply.wire().length;
        pick = reply.pick();
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      internalError(e, packet, length);
      n = servFail(packet, length, out);
      if (n == 0) {
        observer.dropped(transport, client);
        return 0;
      }
    }
    if (pick != null) {
      pick.count();
    }
    observer.answered(transport, client, out, n, pick == null ? null : pick.group().id(), System.nanoTime() - started);
    return n;
  }

  /** The answer cache's verdict; an internal error there sends the query down the general path. */
  private FastAnswer cacheAnswer(byte[] packet, int length, Transport transport, QueryShape shape, ZoneSet zones,
      HealthView health) {
    try {
      return fastPath.answer(packet, length, transport, shape, zones, health);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      if (errorLog.permit()) {
        log.warn("internal error in the answer cache, answering by the general path: {}", e.toString());
      }
      return FastAnswer.GENERAL;
    }
  }

  /** Tells the observer that rate limiting held back a reply this responder produced. */
  public void rateLimited(boolean slipped) {
    observer.rateLimited(slipped);
  }

  /** The reply to {@code packet}, or null when the packet must be dropped unanswered. */
  public byte[] respond(byte[] packet, Transport transport) {
    byte[] out = scratch.get();
    int n = respond(packet, packet.length, transport, out);
    return n == 0 ? null : Arrays.copyOf(out, n);
  }

  /** The general path alone: every rule, every query shape, rendered by the encoder. */
  byte[] general(byte[] packet, Transport transport) {
    Reply reply = general(packet, transport, null, null, resolver.snapshot(), resolver.health());
    return reply == null ? null : reply.wire();
  }

  /** A reply and the weighted pick that answered it (or null). */
  private record Reply(byte[] wire, Pick pick) {
    static Reply of(byte[] wire) {
      return new Reply(wire, null);
    }
  }

  /**
   * The general path; with {@code picked}, the weighted group the answer cache already chose for
   * this very query, which answers it instead of a second pick.
   */
  private Reply general(byte[] packet, Transport transport, InetSocketAddress client, Pick picked, ZoneSet zones,
      HealthView health) {
    if (packet.length < Header.LENGTH) {
      return null; // not even a header: nothing to address a reply to
    }
    int flags = Wire.flags(packet);
    if ((flags & 0x8000) != 0) {
      return null; // a response, not a query: answering could start a loop between servers
    }
    int opcode = (flags >> 11) & 0xF;
    if (opcode == Opcode.NOTIFY && notifies != null) {
      byte[] reply = notifies.answer(packet, client);
      return reply == null ? null : Reply.of(reply);
    }
    if (opcode != Opcode.QUERY) {
      // Opcode echoed, every other flag clear, no sections (RFC 1035 §4.1.1, RFC 6895 §2).
      return Reply.of(ReplyEncoder.headerOnly(packet, 0x8000 | (opcode << 11) | Rcode.NOTIMP));
    }
    QueryLayout layout = QueryLayout.of(packet);
    if (layout == QueryLayout.TRAILING_OCTETS || layout == QueryLayout.MISPLACED_TSIG) {
      return questionFormErr(packet, flags, transport);
    }
    Message query;
    try {
      query = new Message(Wire.withoutTc(packet));
    } catch (Exception e) {
      return Reply.of(ReplyEncoder.formErr(packet, flags));
    }
    return answer(packet, query, flags, transport, picked, zones, health);
  }

  /**
   * FORMERR for a packet whose question is readable but whose layout is not (see {@link QueryLayout}):
   * the question echoed, no OPT, as Knot answers (its {@code process_query_err} after a failed parse).
   * Header only, as for any unreadable query, when there is not exactly one readable question.
   */
  private static Reply questionFormErr(byte[] packet, int flags, Transport transport) {
    int end = Wire.questionCount(packet) == 1 ? Wire.questionEnd(packet, packet.length) : -1;
    if (end < 0) {
      return Reply.of(ReplyEncoder.formErr(packet, flags));
    }
    byte[] questionOnly = Arrays.copyOf(packet, end);
    Wire.put16(questionOnly, 6, 0);
    Wire.put16(questionOnly, 8, 0);
    Wire.put16(questionOnly, 10, 0);
    try {
      return error(new Message(Wire.withoutTc(questionOnly)), null, Rcode.FORMERR, transport);
    } catch (Exception e) {
      return Reply.of(ReplyEncoder.formErr(packet, flags));
    }
  }

  private Reply answer(byte[] packet, Message query, int flags, Transport transport, Pick picked,
      ZoneSet zones, HealthView health) {
    Header header = query.getHeader();
    if (header.getCount(Section.QUESTION) != 1) {
      return Reply.of(ReplyEncoder.formErr(packet, flags)); // RFC 9619: exactly one question
    }
    Record question = query.getQuestion();
    OPTRecord opt = validOpt(query);
    if (opt == INVALID_OPT) {
      return error(query, null, Rcode.FORMERR, transport); // RFC 6891 §6.1.1
    }
    int qtype = question.getType();
    int qclass = question.getDClass();
    if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY) {
      return error(query, opt, Rcode.FORMERR, transport);
    }
    if (opt != null && opt.getVersion() > 0) {
      return error(query, opt, Rcode.BADVERS, transport); // RFC 6891 §6.1.3
    }
    if (qtype == 0) {
      // Type 0 is reserved (RFC 6895 §3.1, RFC 6195): nothing can be asked for it. Knot answers
      // NOTIMP (process_query.c: query_type gives KNOTD_QUERY_TYPE_INVALID) before it checks a TSIG
      // or the class, and so do we.
      return error(query, opt, Rcode.NOTIMP, transport);
    }
    TSIGRecord tsig = query.getTSIG();
    if (tsig != null) {
      TSIG key = keys.signer(tsig.getName(), tsig.getAlgorithm());
      if (key == null) {
        // RFC 8945 §5.2.1: no key of that name and algorithm here
        return Reply.of(TsigErrors.append(ReplyEncoder.encode(query, opt, Rcode.NOTAUTH, null, transport), query,
            keys, Rcode.BADKEY));
      }
      byte[] refused = SignedReplies.verify(key, keys, query, packet, opt, transport);
      if (refused != null) {
        return Reply.of(refused);
      }
      Reply reply = answerUnsigned(query, question, opt, transport, picked, zones, health, key.recordLength());
      return new Reply(SignedReplies.sign(key, query, tsig, reply.wire()), reply.pick());
    }
    return answerUnsigned(query, question, opt, transport, picked, zones, health, 0);
  }

  /**
   * The rest of {@link #answer} once any TSIG verified: {@code reserve} bytes are left under the size
   * limit for the TSIG the caller appends.
   */
  private Reply answerUnsigned(Message query, Record question, OPTRecord opt, Transport transport, Pick picked,
      ZoneSet zones, HealthView health, int reserve) {
    int qtype = question.getType();
    int qclass = question.getDClass();
    if (qclass != DClass.IN && qclass != DClass.ANY) {
      return Reply.of(ReplyEncoder.encode(query, opt, Rcode.REFUSED, null, transport, reserve));
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      // RFC 5936 §4.2: no transfer over UDP; over TCP the transfer handler answers them when offered.
      return Reply.of(ReplyEncoder.encode(query, opt, Rcode.REFUSED, null, transport, reserve));
    }
    boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    Answer answer = picked != null ? resolver.answerWith(picked, health, signaturesFor(picked, zones, dnssecOk))
        : resolver.resolve(new Query(question.getName(), qtype, transport == Transport.TCP, dnssecOk), zones, health);
    return new Reply(ReplyEncoder.encode(query, opt, answer.rcode(), answer, transport, reserve),
        answer.facts().picked());
  }

  /** The signatures a picked weighted answer carries: its zone's, when the query has DO; else null. */
  private static ZoneSignatures signaturesFor(Pick picked, ZoneSet zones, boolean dnssecOk) {
    if (!dnssecOk) {
      return null;
    }
    Zone zone = zones.find(picked.name().owner());
    return zone == null ? null : zone.signatures();
  }

  private static Reply error(Message query, OPTRecord opt, int rcode, Transport transport) {
    return Reply.of(ReplyEncoder.encode(query, opt, rcode, null, transport));
  }

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

  private void internalError(Throwable e, byte[] packet, int length) {
    if (errorLog.permit()) {
      int end = Wire.questionEnd(packet, length);
      String question = end < 0 ? "a query without a readable question"
          : Wire.nameText(packet, Wire.HEADER_LENGTH, length) + " " + Type.string(Wire.u16(packet, end - 4));
      log.error("internal error answering {}, answered SERVFAIL: {}", question, e.toString(), e);
    }
  }

  /**
   * SERVFAIL for a query that broke the answering code: its ID, opcode, RD and question echoed when
   * they can be read, no other section. 0 when the packet is no query we may answer.
   */
  private static int servFail(byte[] packet, int length, byte[] out) {
    if (length < Wire.HEADER_LENGTH || (packet[2] & 0x80) != 0) {
      return 0;
    }
    int end = Wire.questionCount(packet) == 1 ? Wire.questionEnd(packet, length) : -1;
    int n = end < 0 ? Wire.HEADER_LENGTH : end;
    System.arraycopy(packet, 0, out, 0, n);
    int flags = Wire.flags(packet);
    Wire.put16(out, 2, 0x8000 | (flags & 0x7800) | (flags & 0x0100) | Rcode.SERVFAIL);
    Wire.put16(out, 4, end < 0 ? 0 : 1);
    Wire.put16(out, 6, 0);
    Wire.put16(out, 8, 0);
    Wire.put16(out, 10, 0);
    return n;
  }
}
