package io.wadns.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Compares wadns' answer with Knot's for one query case and lists every disagreement. */
final class Differ {
    private final Set<String> servedApexes;

    Differ(Set<Name> servedZones) {
        this.servedApexes = servedZones.stream().map(n -> n.toString().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    /**
     * Problems with one server's answer alone: header echo, RA, question echo (case-preserved), EDNS rules.
     */
    List<String> invariants(String server, QueryCase c, ResponseView r) {
        List<String> out = new ArrayList<>();
        if (!r.qr) {
            out.add(server + ": QR not set");
        }
        if (r.id != c.query.getHeader().getID()) {
            out.add(server + ": ID " + r.id + " != query ID " + c.query.getHeader().getID());
        }
        if (r.ra) {
            out.add(server + ": RA set (authoritative-only server)");
        }
        if (r.rd != c.query.getHeader().getFlag(Flags.RD)) {
            out.add(server + ": RD not copied from the query");
        }
        Record q = c.query.getQuestion();
        boolean wellFormed = c.wellFormed();
        // The question must come back exactly as sent (case-preserved). Not checked for FORMERR, nor for opcodes
        // other than QUERY: what follows the header depends on the opcode, and a server that does not implement
        // it may answer NOTIMP with the header alone (wadns does; Knot echoes the question).
        boolean isQuery = c.query.getHeader().getOpcode() == org.xbill.DNS.Opcode.QUERY;
        if (wellFormed && isQuery && q != null && r.rcode != Rcode.FORMERR) {
            String expected = q.getName() + " " + org.xbill.DNS.Type.string(q.getType()) + " "
                    + org.xbill.DNS.DClass.string(q.getDClass());
            if (!expected.equals(r.question)) {
                out.add(server + ": question not echoed exactly: sent '" + expected + "', got '" + r.question + "'");
            }
        }
        if (wellFormed) {
            if (c.hasOpt() && r.opt == null) {
                out.add(server + ": query had OPT but the answer has none");
            }
            if (!c.hasOpt() && r.opt != null) {
                out.add(server + ": answer has OPT but the query had none");
            }
            boolean queryDo = c.hasOpt() && (c.query.getOPT().getFlags() & org.xbill.DNS.ExtendedFlags.DO) != 0;
            if (r.opt != null && queryDo != r.dnssecOk()) {
                out.add(server + ": DO bit not copied (query DO=" + queryDo + ")");
            }
        }
        return out;
    }

    /**
     * Differences between the two answers according to the case's mode. {@code knotFull} is Knot's answer to
     * the same question over TCP (for TRUNCATED), {@code knotTarget} Knot's answer for the CNAME target (for
     * CROSS_ZONE_CNAME) and {@code knotRrset} maps "owner TYPE" to the RRset Knot returns for that question
     * over TCP (for ANY); each may be null when the mode does not need it.
     */
    List<String> compare(QueryCase c, ResponseView knot, ResponseView wadns, ResponseView knotFull,
            ResponseView knotTarget, Function<String, Set<String>> knotRrset) {
        List<String> out = new ArrayList<>();
        if (c.mode == QueryCase.Mode.KNOT_DROPS) {
            out.addAll(invariants("wadns", c, wadns));
            if (wadns.rcode != Rcode.FORMERR) {
                out.add("wadns: rcode " + Rcode.string(wadns.rcode) + ", expected FORMERR");
            }
            if (!wadns.answer.isEmpty() || !wadns.authority.isEmpty()) {
                out.add("wadns: FORMERR with records: " + wadns.answer + " " + wadns.authority);
            }
            return out;
        }
        out.addAll(invariants("knot", c, knot));
        out.addAll(invariants("wadns", c, wadns));
        switch (c.mode) {
            case FULL -> {
                field(out, "rcode", Rcode.string(knot.rcode), Rcode.string(wadns.rcode));
                field(out, "AA", knot.aa, wadns.aa);
                field(out, "TC", knot.tc, wadns.tc);
                sets(out, "answer", knot.answer, wadns.answer);
                sets(out, "authority", authority(knot), authority(wadns));
                if (c.compareAdditional) {
                    sets(out, "additional", knot.additional, wadns.additional);
                }
                if (knot.opt != null && wadns.opt != null) {
                    field(out, "EDNS payload", knot.opt.getPayloadSize(), wadns.opt.getPayloadSize());
                    field(out, "EDNS version", knot.opt.getVersion(), wadns.opt.getVersion());
                }
            }
            case TRUNCATED -> {
                field(out, "rcode", Rcode.string(knot.rcode), Rcode.string(wadns.rcode));
                field(out, "AA", knot.aa, wadns.aa);
                if (!knot.tc) {
                    out.add("knot: TC not set although the answer should not fit (test data problem?)");
                }
                if (!wadns.tc) {
                    out.add("wadns: TC not set although the answer does not fit: " + wadns.summary());
                }
                subset(out, "wadns answer", wadns.answer, knotFull.answer);
                subset(out, "knot answer", knot.answer, knotFull.answer);
            }
            case ANY -> {
                field(out, "rcode", Rcode.string(knot.rcode), Rcode.string(wadns.rcode));
                field(out, "AA", knot.aa, wadns.aa);
                wholeRrsets(out, "wadns", wadns.answer, knotRrset);
                wholeRrsets(out, "knot", knot.answer, knotRrset);
            }
            case CROSS_ZONE_CNAME -> {
                Set<String> expected = new TreeSet<>(knot.answer);
                expected.addAll(knotTarget.answer);
                field(out, "rcode (wadns vs knot's answer for the target)", Rcode.string(knotTarget.rcode),
                        Rcode.string(wadns.rcode));
                field(out, "AA", knot.aa, wadns.aa);
                field(out, "TC", knot.tc, wadns.tc);
                sets(out, "answer (knot: CNAME + knot's answer for the target)", expected, wadns.answer);
                sets(out, "authority (knot: its authority for the target)", authority(knotTarget),
                        authority(wadns));
            }
            case ZONE_TRANSFER -> {
                if (wadns.rcode != Rcode.REFUSED) {
                    out.add("wadns: rcode " + Rcode.string(wadns.rcode) + ", expected REFUSED");
                }
                if (knot.rcode != Rcode.REFUSED && knot.rcode != Rcode.NOTAUTH && knot.rcode != Rcode.NOTIMP) {
                    out.add("knot: rcode " + Rcode.string(knot.rcode) + ", expected a refusal");
                }
                if (!wadns.answer.isEmpty() || !knot.answer.isEmpty()) {
                    out.add("zone transfer returned records: knot " + knot.answer + ", wadns " + wadns.answer);
                }
            }
            default -> throw new IllegalStateException(c.mode.toString());
        }
        return out;
    }

    /** The authority section without the zone's apex NS set, which a positive answer may or may not carry. */
    private Set<String> authority(ResponseView r) {
        boolean positive = r.rcode == Rcode.NOERROR && !r.answer.isEmpty();
        if (!positive) {
            return r.authority;
        }
        Set<String> out = new TreeSet<>();
        for (String rr : r.authority) {
            String[] parts = rr.split(" ", 5);
            if (parts[3].equals("NS") && servedApexes.contains(parts[0])) {
                continue;
            }
            out.add(rr);
        }
        return out;
    }

    private static void field(List<String> out, String what, Object knot, Object wadns) {
        if (!knot.equals(wadns)) {
            out.add(what + ": knot=" + knot + " wadns=" + wadns);
        }
    }

    private static void sets(List<String> out, String what, Set<String> knot, Set<String> wadns) {
        if (knot.equals(wadns)) {
            return;
        }
        StringBuilder s = new StringBuilder(what + " differs:");
        for (String r : knot) {
            if (!wadns.contains(r)) {
                s.append("\n        only knot : ").append(r);
            }
        }
        for (String r : wadns) {
            if (!knot.contains(r)) {
                s.append("\n        only wadns: ").append(r);
            }
        }
        out.add(s.toString());
    }

    private static void subset(List<String> out, String what, Set<String> part, Set<String> whole) {
        Set<String> extra = new TreeSet<>(part);
        extra.removeAll(whole);
        if (!extra.isEmpty()) {
            out.add(what + " has records outside the full answer: " + extra);
        }
    }

    private static void wholeRrsets(List<String> out, String server, Set<String> part,
            Function<String, Set<String>> knotRrset) {
        if (part.isEmpty()) {
            out.add(server + ": empty answer to ANY");
            return;
        }
        byRrset(part).forEach((key, records) -> {
            Set<String> expected = knotRrset.apply(key);
            if (!records.equals(expected)) {
                out.add(server + ": RRset " + key + " is not the whole RRset Knot returns for that type: "
                        + records + " vs " + expected);
            }
        });
    }

    private static Map<String, Set<String>> byRrset(Set<String> records) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String r : records) {
            out.computeIfAbsent(ResponseView.rrsetKey(r), k -> new TreeSet<>()).add(r);
        }
        return out;
    }
}
