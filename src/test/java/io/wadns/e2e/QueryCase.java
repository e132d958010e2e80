package io.wadns.e2e;

import io.wadns.protocol.Transport;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** One query of the differential test: how it is built, sent and which fields must agree. */
final class QueryCase {
    enum Transport { UDP, TCP }

    /** Which fields of the two answers are compared; every mode other than FULL is a documented exception. */
    enum Mode {
        /** rcode, AA, TC, answer and authority as sets (apex NS in the authority of a positive answer ignored). */
        FULL,
        /**
         * The answer does not fit in the UDP payload: both must set TC and agree on rcode and AA. How many
         * records (if any) precede the cut is each server's choice, so each answer must only be a subset of the
         * full (TCP) answer.
         */
        TRUNCATED,
        /**
         * qtype ANY: RFC 8482 lets a server return any non-empty subset of the RRsets at the name. Knot returns a
         * single RRset (over UDP and TCP alike); wadns may return one over UDP and all over TCP. So rcode and AA
         * must agree, and every RRset in each server's answer must be exactly what Knot returns when asked for
         * that owner and type alone.
         */
        ANY,
        /**
         * A CNAME whose target lies in another served zone: Knot stops at its zone's edge (answering the CNAME,
         * plus a referral when the target is under a cut), wadns follows the chain into the other served zone
         * (allowed by RFC 1034 4.3.2 step 3a). wadns' answer must be Knot's CNAME answer plus Knot's own answer
         * to the target, and its rcode and authority those of Knot's answer to the target.
         */
        CROSS_ZONE_CNAME,
        /**
         * AXFR/IXFR: wadns refuses them (REFUSED); Knot without a transfer ACL answers NOTAUTH over TCP and
         * NOTIMP over UDP. Both must refuse and return no records.
         */
        ZONE_TRANSFER,
        /**
         * A malformed query that Knot silently drops (QDCOUNT=2) where wadns documents FORMERR: Knot's answer (if
         * any) is not compared; wadns must answer FORMERR with empty sections.
         */
        KNOT_DROPS
    }

    final int index;
    final String label;
    final Transport transport;
    final Mode mode;
    final boolean compareAdditional;
    final byte[] wire;
    final Message query;
    /** For CROSS_ZONE_CNAME: the name and type Knot is asked directly to learn the expected continuation. */
    final Name followName;

    private QueryCase(Builder b, int index) {
        this.index = index;
        this.transport = b.transport;
        this.mode = b.mode;
        this.compareAdditional = b.additional;
        this.followName = b.followName;
        this.builder = b;
        this.query = b.message(0x1000 + index);
        byte[] sections = query.toWire();
        this.wire = java.util.Arrays.copyOf(sections, sections.length + b.trailingOctets);
        this.label = String.format("#%02d %s", index, b.describe());
    }

    boolean hasOpt() {
        return query.getOPT() != null;
    }

    /**
     * One question and sections laid out as RFC 1035 and RFC 8945 §5.1 want them: nothing after the last
     * record, any TSIG last. Only then do the question echo and the OPT rules apply to the answer.
     */
    boolean wellFormed() {
        return query.getSection(Section.QUESTION).size() == 1 && builder.trailingOctets == 0
                && !builder.tsigMisplaced();
    }

    /** The same query with another ID (for pipelining and reference look-ups). */
    QueryCase withTransport(Transport transport, int newIndex) {
        Builder copy = builder.copy();
        copy.transport = transport;
        return new QueryCase(copy, newIndex);
    }

    private final Builder builder;

    static final class Builder {
        private final String qname;
        private final int qtype;
        private int qclass = DClass.IN;
        private Transport transport = Transport.UDP;
        private Mode mode = Mode.FULL;
        private boolean additional;
        private Integer ednsPayload;
        private int ednsVersion;
        private boolean dnssecOk;
        private int opcode = Opcode.QUERY;
        private boolean rd;
        private int questions = 1;
        private Name followName;
        private final List<Record> authority = new ArrayList<>();
        private int trailingOctets;
        private int tsigSection = -1;
        private String note;

        Builder(String qname, int qtype) {
            this.qname = qname;
            this.qtype = qtype;
        }

        Builder copy() {
            Builder c = new Builder(qname, qtype);
            c.qclass = qclass;
            c.transport = transport;
            c.mode = mode;
            c.additional = additional;
            c.ednsPayload = ednsPayload;
            c.ednsVersion = ednsVersion;
            c.dnssecOk = dnssecOk;
            c.opcode = opcode;
            c.rd = rd;
            c.questions = questions;
            c.followName = followName;
            c.authority.addAll(authority);
            c.trailingOctets = trailingOctets;
            c.tsigSection = tsigSection;
            c.note = note;
            return c;
        }

        Builder tcp() {
            transport = Transport.TCP;
            return this;
        }

        Builder edns(int payload) {
            ednsPayload = payload;
            return this;
        }

        Builder ednsVersion(int version) {
            if (ednsPayload == null) {
                ednsPayload = 1232;
            }
            ednsVersion = version;
            return this;
        }

        Builder dnssecOk() {
            if (ednsPayload == null) {
                ednsPayload = 1232;
            }
            dnssecOk = true;
            return this;
        }

        Builder dclass(int dclass) {
            qclass = dclass;
            return this;
        }

        Builder opcode(int op) {
            opcode = op;
            return this;
        }

        Builder rd() {
            rd = true;
            return this;
        }

        Builder questions(int count) {
            questions = count;
            return this;
        }

        Builder authority(Record r) {
            authority.add(r);
            return this;
        }

        /** Zero octets after the last record: a packet longer than its sections. */
        Builder trailingOctets(int count) {
            trailingOctets = count;
            return this;
        }

        /**
         * A TSIG record (key k1., an all-zero MAC) in {@code section}; in the additional section it goes before
         * the OPT, so with EDNS it is not the last record.
         */
        Builder tsig(int section) {
            tsigSection = section;
            return this;
        }

        boolean tsigMisplaced() {
            return tsigSection == Section.ANSWER || tsigSection == Section.AUTHORITY
                    || tsigSection == Section.ADDITIONAL && ednsPayload != null;
        }

        Builder mode(Mode m) {
            mode = m;
            return this;
        }

        Builder additional() {
            additional = true;
            return this;
        }

        Builder crossZone(String target) {
            mode = Mode.CROSS_ZONE_CNAME;
            followName = name(target);
            return this;
        }

        Builder note(String text) {
            note = text;
            return this;
        }

        QueryCase toCase(int index) {
            return new QueryCase(this, index);
        }

        Message message(int id) {
            Message m = new Message(id);
            m.getHeader().setOpcode(opcode);
            if (rd) {
                m.getHeader().setFlag(Flags.RD);
            }
            for (int i = 0; i < questions; i++) {
                Name n = i == 0 ? name(qname) : name("q" + i + "." + qname);
                m.addRecord(Record.newRecord(n, qtype, qclass), Section.QUESTION);
            }
            for (Record r : authority) {
                m.addRecord(r, Section.AUTHORITY);
            }
            if (tsigSection >= 0) {
                m.addRecord(new TSIGRecord(name("k1."), DClass.ANY, 0, TSIG.HMAC_SHA256,
                        java.time.Instant.ofEpochSecond(1_795_494_183L), java.time.Duration.ofSeconds(300),
                        new byte[32], id, 0, new byte[0]), tsigSection);
            }
            if (ednsPayload != null) {
                m.addRecord(new OPTRecord(ednsPayload, 0, ednsVersion, dnssecOk ? ExtendedFlags.DO : 0),
                        Section.ADDITIONAL);
            }
            return m;
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            s.append(qname).append(' ').append(Type.string(qtype));
            if (qclass != DClass.IN) {
                s.append(' ').append(DClass.string(qclass));
            }
            s.append(' ').append(transport.name().toLowerCase(java.util.Locale.ROOT));
            s.append(ednsPayload == null ? " no-edns" : " edns=" + ednsPayload);
            if (ednsVersion != 0) {
                s.append(" ednsver=").append(ednsVersion);
            }
            if (dnssecOk) {
                s.append(" +do");
            }
            if (rd) {
                s.append(" +rd");
            }
            if (opcode != Opcode.QUERY) {
                s.append(" opcode=").append(Opcode.string(opcode));
            }
            if (questions != 1) {
                s.append(" qdcount=").append(questions);
            }
            if (tsigSection >= 0) {
                s.append(" tsig-in-").append(Section.longString(tsigSection).toLowerCase(java.util.Locale.ROOT));
            }
            if (trailingOctets > 0) {
                s.append(" +").append(trailingOctets).append(" trailing octets");
            }
            if (mode != Mode.FULL) {
                s.append(" [").append(mode).append(']');
            }
            if (note != null) {
                s.append(" (").append(note).append(')');
            }
            return s.toString();
        }
    }

    static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
