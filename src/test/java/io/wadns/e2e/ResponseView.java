package io.wadns.e2e;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The parts of a DNS answer that the differential test compares, normalized for set comparison. */
final class ResponseView {
    final Message message;
    final int id;
    final int rcode;
    final boolean qr;
    final boolean aa;
    final boolean tc;
    final boolean rd;
    final boolean ra;
    final int opcode;
    final String question;
    final Set<String> answer;
    final Set<String> authority;
    final Set<String> additional;
    final OPTRecord opt;

    ResponseView(byte[] wire) throws IOException {
        message = new Message(wire);
        id = message.getHeader().getID();
        rcode = message.getRcode();
        qr = message.getHeader().getFlag(Flags.QR);
        aa = message.getHeader().getFlag(Flags.AA);
        tc = message.getHeader().getFlag(Flags.TC);
        rd = message.getHeader().getFlag(Flags.RD);
        ra = message.getHeader().getFlag(Flags.RA);
        opcode = message.getHeader().getOpcode();
        Record q = message.getQuestion();
        question = q == null ? "<none>" : q.getName() + " " + Type.string(q.getType()) + " " + DClass.string(q.getDClass());
        answer = normalize(message, Section.ANSWER);
        authority = normalize(message, Section.AUTHORITY);
        additional = normalize(message, Section.ADDITIONAL);
        opt = message.getOPT();
    }

    private static Set<String> normalize(Message m, int section) {
        Set<String> out = new TreeSet<>();
        for (Record r : m.getSection(section)) {
            if (r.getType() == Type.OPT) {
                continue;
            }
            out.add(normalize(r));
        }
        return out;
    }

    /** Owner lower-cased; rdata lower-cased except for text types, whose case is data. TTL kept. */
    static String normalize(Record r) {
        String rdata = r.rdataToString();
        if (r.getType() != Type.TXT && r.getType() != Type.SPF) {
            rdata = rdata.toLowerCase(Locale.ROOT);
        }
        return r.getName().toString().toLowerCase(Locale.ROOT) + " " + r.getTTL() + " "
                + DClass.string(r.getDClass()) + " " + Type.string(r.getType()) + " " + rdata;
    }

    /** Owner and type of a normalized record, i.e. the key of its RRset. */
    static String rrsetKey(String normalized) {
        String[] parts = normalized.split(" ", 5);
        return parts[0] + " " + parts[3];
    }

    boolean dnssecOk() {
        return opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append(Rcode.string(rcode)).append(aa ? " aa" : "").append(tc ? " tc" : "").append(rd ? " rd" : "")
                .append(ra ? " ra" : "");
        if (opt != null) {
            s.append(" opt(payload=").append(opt.getPayloadSize()).append(",ver=").append(opt.getVersion())
                    .append(dnssecOk() ? ",do" : "").append(')');
        }
        s.append(" an=").append(answer.size()).append(" ns=").append(authority.size())
                .append(" ar=").append(additional.size());
        return s.toString();
    }
}
