package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.e2e.QueryCase.Builder;
import io.wadns.e2e.QueryCase.Mode;
import io.wadns.e2e.QueryCase.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Differential test: Knot DNS (knotd) and wadns serve the same plain RFC 1035 zones (src/test/resources/diff-zones)
 * and must give the same rcode, AA, TC, answer and authority (as sets of records, TTLs included) to the same
 * queries. The few places where Knot legitimately differs from a documented wadns choice use a narrower
 * {@link Mode}, whose javadoc says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KnotDifferentialIT {
    @TempDir
    static Path work;

    private Map<Name, Path> zoneFiles;
    private KnotProcess knot;
    private WadnsProcess wadns;
    private Differ differ;

    @BeforeAll
    void startServers() throws Exception {
        Path knotd = Tools.require("knotd", "knot", "/usr/sbin/knotd", "/usr/local/sbin/knotd");
        Path jar = Tools.wadnsJar();
        Path zones = copyZones(work.resolve("zones"));
        zoneFiles = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(zones)) {
            files.filter(p -> p.getFileName().toString().endsWith(".zone")).sorted().forEach(p -> {
                String file = p.getFileName().toString();
                zoneFiles.put(QueryCase.name(file.substring(0, file.length() - ".zone".length())), p);
            });
        }
        assertThat(zoneFiles).hasSize(3);
        differ = new Differ(zoneFiles.keySet());
        knot = KnotProcess.start(knotd, zoneFiles, work.resolve("knot"));
        wadns = WadnsProcess.start(jar, zones, zoneFiles.keySet(), work.resolve("wadns"));
    }

    @AfterAll
    void stopServers() {
        if (wadns != null) {
            wadns.close();
        }
        if (knot != null) {
            knot.close();
        }
    }

    private static Path copyZones(Path target) throws IOException, URISyntaxException {
        URL url = KnotDifferentialIT.class.getResource("/diff-zones");
        if (url == null) {
            throw new AssertionError("diff-zones not on the test classpath");
        }
        Path source = Path.of(url.toURI());
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try (InputStream in = Files.newInputStream(p)) {
                    Files.copy(in, target.resolve(p.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The queries. Each line is one query sent identically (same bytes, same ID) to both servers.

    private static final String Z = "example.org.";

    static List<QueryCase> cases() {
        List<Builder> b = new ArrayList<>();
        // Plain positive answers, NODATA, NXDOMAIN.
        b.add(q("www." + Z, Type.A));
        b.add(q("www." + Z, Type.AAAA));
        b.add(q("www." + Z, Type.TXT).note("TTL 120"));
        b.add(q(Z, Type.SOA));
        b.add(q(Z, Type.NS).additional().note("NS answer adds in-zone A/AAAA"));
        b.add(q(Z, Type.MX).additional().note("MX answer adds in-zone A/AAAA"));
        b.add(q(Z, Type.TXT));
        b.add(q(Z, Type.A).rd().note("RD copied, RA never set"));
        b.add(q("_sip._tcp." + Z, Type.SRV).additional().note("SRV answer adds in-zone A/AAAA"));
        b.add(q("_xmpp._tcp." + Z, Type.SRV).additional());
        b.add(q("mail2." + Z, Type.A).note("TTL 600"));
        b.add(q("ns1." + Z, Type.AAAA));
        b.add(q("nothere." + Z, Type.A).note("NXDOMAIN, SOA TTL = MINIMUM"));
        b.add(q("deep.nothere." + Z, Type.AAAA));
        b.add(q("www." + Z, Type.MX).note("NODATA"));
        b.add(q(Z, Type.CAA).note("NODATA at apex"));
        b.add(q("www." + Z, 65280).note("NODATA for an unknown type"));
        // Case: question echoed case-preserved, answers found case-insensitively.
        b.add(q("WwW.ExAmPlE.OrG.", Type.A));
        b.add(q("mixedcase." + Z, Type.A));
        b.add(q("MIXEDCASE.EXAMPLE.ORG.", Type.A).tcp());
        b.add(q("NoThErE.eXaMpLe.OrG.", Type.A));
        // CNAME chains inside the zone.
        b.add(q("alias." + Z, Type.A));
        b.add(q("alias2." + Z, Type.A));
        b.add(q("alias3." + Z, Type.AAAA));
        b.add(q("alias3." + Z, Type.MX).note("chain ends in NODATA"));
        b.add(q("alias." + Z, Type.CNAME).note("qtype CNAME: the CNAME alone"));
        b.add(q("alias3." + Z, Type.CNAME));
        b.add(q("loop1." + Z, Type.A).note("CNAME loop"));
        b.add(q("selfloop." + Z, Type.A));
        b.add(q("dangling." + Z, Type.A).note("chain into NXDOMAIN"));
        b.add(q("DaNgLiNg." + Z, Type.TXT).tcp());
        b.add(q("outside." + Z, Type.A).note("target in no served zone"));
        b.add(q("to-wild." + Z, Type.A));
        b.add(q("to-dname." + Z, Type.A));
        b.add(q("to-deleg." + Z, Type.A).note("chain into a delegation"));
        // CNAME chains into other served zones.
        b.add(q("to-other." + Z, Type.A).crossZone("host.example.test."));
        b.add(q("to-child." + Z, Type.A).crossZone("host.child.example.org."));
        b.add(q("back.child." + Z, Type.AAAA).crossZone("www.example.org."));
        // DNAME.
        b.add(q("www.dn." + Z, Type.A));
        b.add(q("mail.dn." + Z, Type.A));
        b.add(q("nothing.dn." + Z, Type.A).note("synthesized CNAME into NXDOMAIN"));
        b.add(q("WWW.DN." + Z, Type.A));
        b.add(q("dn." + Z, Type.DNAME));
        b.add(q("dn." + Z, Type.A).note("NODATA at the DNAME owner"));
        b.add(q("x.dnout." + Z, Type.A).note("DNAME out of the served zones"));
        b.add(q("a.b.dnout." + Z, Type.AAAA).tcp());
        // Wildcards (RFC 4592).
        b.add(q("foo.wild." + Z, Type.A));
        b.add(q("FoO.WiLd." + Z, Type.TXT));
        b.add(q("a.b.wild." + Z, Type.MX).additional());
        b.add(q("foo.wild." + Z, Type.AAAA).note("wildcard NODATA"));
        b.add(q("existing.wild." + Z, Type.A).note("existing node blocks the wildcard"));
        b.add(q("existing.wild." + Z, Type.TXT));
        b.add(q("*.wild." + Z, Type.A).note("the wildcard owner itself"));
        b.add(q("x.wcname." + Z, Type.A).note("wildcard CNAME"));
        b.add(q("x.wdang." + Z, Type.A).note("wildcard CNAME into NXDOMAIN"));
        b.add(q("x.blk." + Z, Type.A));
        b.add(q("ent.blk." + Z, Type.A).note("empty non-terminal blocks the wildcard"));
        b.add(q("y.ent.blk." + Z, Type.A).note("below the ENT: NXDOMAIN"));
        b.add(q("host.ent.blk." + Z, Type.A));
        b.add(q("c.ent2." + Z, Type.A).note("ENT, NODATA"));
        b.add(q("b.c.ent2." + Z, Type.TXT).tcp());
        // Delegation to an unserved child.
        b.add(q("deleg." + Z, Type.NS).additional().note("qtype NS at the cut: referral"));
        b.add(q("deleg." + Z, Type.DS).note("DS at the cut from the parent"));
        b.add(q("deleg." + Z, Type.A).additional());
        b.add(q("www.deleg." + Z, Type.A).additional());
        b.add(q("ns1.deleg." + Z, Type.A).additional().note("glue is below the cut"));
        b.add(q("WWW.Deleg." + Z, Type.MX).tcp().additional());
        b.add(q("a.b.deleg." + Z, Type.DS).note("DS below the cut: referral"));
        // Occluded data below the cut (loaded with a warning): a referral, as Knot answers.
        b.add(q("www.deleg." + Z, Type.TXT).additional().note("occluded TXT"));
        b.add(q("cname.deleg." + Z, Type.A).additional().note("occluded CNAME"));
        b.add(q("any.deleg." + Z, Type.A).additional().note("occluded wildcard"));
        b.add(q("x.sub.deleg." + Z, Type.A).additional().note("occluded NS"));
        b.add(q("sub.deleg." + Z, Type.NS).tcp().additional());
        b.add(q("x.olddn.deleg." + Z, Type.A).additional().note("occluded DNAME"));
        b.add(q("olddn.deleg." + Z, Type.DNAME).additional());
        // Parent and child both served.
        b.add(q("child." + Z, Type.DS).note("DS from the parent side"));
        b.add(q("child." + Z, Type.NS).additional().note("deepest zone answers"));
        b.add(q("child." + Z, Type.SOA));
        b.add(q("child." + Z, Type.MX).additional());
        b.add(q("host.child." + Z, Type.A));
        b.add(q("www.child." + Z, Type.AAAA));
        b.add(q("nothere.child." + Z, Type.A).note("NXDOMAIN with the child's SOA"));
        b.add(q("host.child." + Z, Type.TXT).tcp());
        b.add(q("host.example.test.", Type.A));
        b.add(q("example.test.", Type.NS).additional());
        // Names outside every served zone, other classes.
        b.add(q("www.example.com.", Type.A).note("REFUSED"));
        b.add(q("org.", Type.SOA).note("parent of a served zone"));
        b.add(q(".", Type.NS));
        b.add(q("example.orgx.", Type.A).tcp());
        b.add(q("www." + Z, Type.A).dclass(DClass.CH).note("class CH: REFUSED"));
        b.add(q("www." + Z, Type.A).dclass(DClass.HS));
        b.add(q("www." + Z, Type.A).dclass(DClass.ANY).note("class ANY is answered"));
        // Zone transfers.
        b.add(q(Z, Type.AXFR).tcp().mode(Mode.ZONE_TRANSFER));
        b.add(q(Z, Type.AXFR).mode(Mode.ZONE_TRANSFER));
        b.add(q(Z, Type.IXFR).tcp().mode(Mode.ZONE_TRANSFER).authority(soa(2024010100L)));
        // Odd packets.
        b.add(q("www." + Z, Type.A).opcode(Opcode.STATUS).note("NOTIMP"));
        b.add(q("www." + Z, Type.A).opcode(Opcode.IQUERY));
        b.add(q("www." + Z, Type.A).opcode(3).note("unassigned opcode"));
        b.add(q("www." + Z, Type.A).questions(0).note("FORMERR"));
        b.add(q("www." + Z, Type.A).questions(2).mode(Mode.KNOT_DROPS).note("FORMERR"));
        b.add(q("www." + Z, Type.A).rd().trailingOctets(1).note("FORMERR, question echoed"));
        b.add(q("www." + Z, Type.A).edns(1232).trailingOctets(4).note("FORMERR without OPT"));
        b.add(q("www." + Z, Type.A).ednsVersion(1).trailingOctets(2).note("FORMERR before BADVERS"));
        b.add(q("www." + Z, Type.A).tcp().trailingOctets(2));
        b.add(q("www." + Z, Type.A).tsig(Section.ADDITIONAL).note("TSIG last: NOTAUTH"));
        b.add(q("www." + Z, Type.A).edns(1232).tsig(Section.ADDITIONAL).note("TSIG before the OPT: FORMERR"));
        b.add(q("www." + Z, Type.A).tsig(Section.AUTHORITY).note("TSIG in authority: FORMERR"));
        b.add(q("www." + Z, Type.A).tcp().tsig(Section.ANSWER));
        b.add(q("www." + Z, 0).note("qtype 0: NOTIMP"));
        b.add(q("nothere." + Z, 0).edns(1232).note("NOTIMP with OPT"));
        b.add(q("www.example.com.", 0).tcp().note("NOTIMP outside the zones too"));
        b.add(q("www." + Z, 0).ednsVersion(1).note("BADVERS first"));
        // EDNS.
        b.add(q("www." + Z, Type.A).edns(1232));
        b.add(q("www." + Z, Type.A).edns(4096).dnssecOk().note("DO copied"));
        b.add(q("nothere." + Z, Type.A).edns(512).dnssecOk());
        b.add(q("www." + Z, Type.A).ednsVersion(1).note("BADVERS"));
        b.add(q("www." + Z, Type.A).tcp().edns(1232).dnssecOk());
        // Sizes and truncation.
        b.add(q("bigA." + Z, Type.A).mode(Mode.TRUNCATED).note("~670 octets > 512 without EDNS"));
        b.add(q("bigA." + Z, Type.A).edns(600).mode(Mode.TRUNCATED));
        b.add(q("bigA." + Z, Type.A).edns(1232));
        b.add(q("biga." + Z, Type.A).edns(4096).note("server caps at 1232, still fits"));
        b.add(q("bigA." + Z, Type.A).tcp());
        b.add(q("bigtxt." + Z, Type.TXT).mode(Mode.TRUNCATED));
        b.add(q("bigtxt." + Z, Type.TXT).edns(1232));
        b.add(q("bigtxt." + Z, Type.TXT).edns(1000).mode(Mode.TRUNCATED));
        b.add(q("hugetxt." + Z, Type.TXT).edns(4096).mode(Mode.TRUNCATED).note("~2 KB > 1232"));
        b.add(q("hugetxt." + Z, Type.TXT).tcp());
        b.add(q("hugetxt." + Z, Type.TXT).tcp().edns(1232));
        // ANY.
        b.add(q(Z, Type.ANY).mode(Mode.ANY));
        b.add(q("www." + Z, Type.ANY).edns(1232).mode(Mode.ANY));
        b.add(q(Z, Type.ANY).tcp().mode(Mode.ANY));
        b.add(q("WWW." + Z, Type.ANY).tcp().mode(Mode.ANY));
        b.add(q("nothere." + Z, Type.ANY).note("NXDOMAIN for ANY"));
        b.add(q("deleg." + Z, Type.ANY).tcp().note("ANY at a cut: referral"));
        b.add(q("c.ent2." + Z, Type.ANY).note("ANY at an ENT: NODATA"));
        List<QueryCase> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(b.get(i).toCase(i + 1));
        }
        return out;
    }

    private static Builder q(String name, int type) {
        return new Builder(name, type);
    }

    private static SOARecord soa(long serial) {
        return new SOARecord(QueryCase.name(Z), DClass.IN, 3600, QueryCase.name("ns1." + Z),
                QueryCase.name("hostmaster." + Z), serial, 7200, 900, 1209600, 300);
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void queryListCoversEnough() {
        List<QueryCase> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        assertThat(cases).filteredOn(c -> c.transport == Transport.TCP).hasSizeGreaterThanOrEqualTo(10);
        assertThat(cases).filteredOn(QueryCase::hasOpt).hasSizeGreaterThanOrEqualTo(10);
        assertThat(cases).filteredOn(c -> c.mode == Mode.FULL).hasSizeGreaterThanOrEqualTo(80);
    }

    @Test
    void wadnsAnswersLikeKnot() {
        List<QueryCase> cases = cases();
        List<String> report = new ArrayList<>();
        int agreeing = 0;
        for (QueryCase c : cases) {
            List<String> problems = compareOne(c);
            if (problems.isEmpty()) {
                agreeing++;
            } else {
                report.add(c.label + "\n    " + String.join("\n    ", problems));
            }
        }
        String summary = "Knot differential: " + cases.size() + " queries, " + agreeing + " agree, "
                + report.size() + " disagree";
        if (report.isEmpty()) {
            System.out.println(summary);
        } else {
            String text = summary + "\n\n" + String.join("\n\n", report);
            System.out.println(text);
            throw new AssertionError(text);
        }
    }

    /**
     * The TCP answers must also be right when many queries are pipelined on one connection (RFC 7766): the
     * UDP FULL-mode queries are resent over TCP, all written before any answer is read, to both servers.
     */
    @Test
    void pipelinedTcpAnswersLikeKnot() throws IOException {
        List<QueryCase> batch = new ArrayList<>();
        for (QueryCase c : cases()) {
            if (c.transport == Transport.UDP && c.mode == Mode.FULL && c.query.getSection(0).size() == 1
                    && c.query.getHeader().getOpcode() == Opcode.QUERY && batch.size() < 25) {
                batch.add(c.withTransport(Transport.TCP, 500 + batch.size()));
            }
        }
        List<byte[]> knotAnswers = DnsWire.tcpPipelined(knot.address(), wires(batch));
        List<byte[]> wadnsAnswers = DnsWire.tcpPipelined(wadns.address(), wires(batch));
        List<String> report = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            QueryCase c = batch.get(i);
            List<String> problems = differ.compare(c, new ResponseView(knotAnswers.get(i)),
                    new ResponseView(wadnsAnswers.get(i)), null, null, null);
            if (!problems.isEmpty()) {
                report.add(c.label + " (pipelined)\n    " + String.join("\n    ", problems));
            }
        }
        assertThat(report).as("pipelined TCP disagreements").isEmpty();
    }

    /**
     * TCP framing (RFC 1035 4.2.2): a query whose length prefix and message arrive in separate segments, and two
     * queries in one segment, must be answered like Knot answers them.
     */
    @Test
    void tcpQueriesSplitAcrossWritesAnswerLikeKnot() throws Exception {
        QueryCase first = new Builder("alias2." + Z, Type.A).tcp().toCase(600);
        QueryCase second = new Builder("NoThErE." + Z, Type.MX).tcp().edns(1232).toCase(601);
        List<String> report = new ArrayList<>();
        for (boolean split : new boolean[] {true, false}) {
            List<QueryCase> batch = split ? List.of(first) : List.of(first, second);
            List<byte[]> k = splitWrites(knot, batch, split);
            List<byte[]> w = splitWrites(wadns, batch, split);
            for (int i = 0; i < batch.size(); i++) {
                List<String> problems = differ.compare(batch.get(i), new ResponseView(k.get(i)),
                        new ResponseView(w.get(i)), null, null, null);
                if (!problems.isEmpty()) {
                    report.add(batch.get(i).label + (split ? " (split writes)" : " (two in one write)") + "\n    "
                            + String.join("\n    ", problems));
                }
            }
        }
        assertThat(report).as("TCP framing disagreements").isEmpty();
    }

    private static List<byte[]> splitWrites(ServerUnderTest server, List<QueryCase> batch, boolean split)
            throws IOException, InterruptedException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(server.address(), (int) DnsWire.TIMEOUT.toMillis());
            socket.setSoTimeout((int) DnsWire.TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
            for (QueryCase c : batch) {
                framed.write(c.wire.length >>> 8);
                framed.write(c.wire.length & 0xff);
                framed.write(c.wire);
            }
            byte[] bytes = framed.toByteArray();
            if (split) {
                // length prefix alone, then the message in two pieces
                int[] cuts = {0, 2, 2 + batch.get(0).wire.length / 2, bytes.length};
                for (int i = 0; i + 1 < cuts.length; i++) {
                    out.write(bytes, cuts[i], cuts[i + 1] - cuts[i]);
                    out.flush();
                    Thread.sleep(50);
                }
            } else {
                out.write(bytes);
                out.flush();
            }
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            java.util.Map<Integer, byte[]> byId = new java.util.HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                byId.put(DnsWire.id(answer), answer);
            }
            List<byte[]> result = new ArrayList<>();
            for (QueryCase c : batch) {
                result.add(java.util.Objects.requireNonNull(byId.get(DnsWire.id(c.wire)),
                        () -> server.name() + ": no answer for " + c.label));
            }
            return result;
        }
    }

    private static List<byte[]> wires(List<QueryCase> cases) {
        List<byte[]> out = new ArrayList<>();
        for (QueryCase c : cases) {
            out.add(c.wire);
        }
        return out;
    }

    private List<String> compareOne(QueryCase c) {
        ResponseView k = null;
        if (c.mode != Mode.KNOT_DROPS) {
            try {
                k = send(knot, c);
            } catch (IOException e) {
                return List.of("knot: no usable answer: " + e);
            }
        }
        ResponseView w;
        try {
            w = send(wadns, c);
        } catch (IOException e) {
            return List.of("wadns: no usable answer: " + e + (k == null ? "" : " (knot: " + k.summary() + ")"));
        }
        try {
            ResponseView full = null;
            ResponseView target = null;
            if (c.mode == Mode.TRUNCATED) {
                full = send(knot, c.withTransport(Transport.TCP, 700 + c.index));
            }
            if (c.mode == Mode.CROSS_ZONE_CNAME) {
                int qtype = c.query.getQuestion().getType();
                target = send(knot, new Builder(c.followName.toString(), qtype).tcp().toCase(800 + c.index));
            }
            List<String> problems = differ.compare(c, k, w, full, target, this::knotRrset);
            if (!problems.isEmpty()) {
                List<String> withContext = new ArrayList<>(problems);
                withContext.add("knot : " + (k == null ? "-" : k.summary()));
                withContext.add("wadns: " + w.summary());
                return withContext;
            }
            return problems;
        } catch (IOException e) {
            return List.of("knot reference query failed: " + e);
        }
    }

    private int rrsetQueries;

    /** Knot's answer over TCP for one "owner TYPE" key (see ResponseView.rrsetKey), restricted to that RRset. */
    private Set<String> knotRrset(String key) {
        String[] parts = key.split(" ");
        QueryCase c = new Builder(parts[0], Type.value(parts[1])).tcp().toCase(900 + (rrsetQueries++ % 99));
        try {
            return send(knot, c).answer.stream().filter(r -> ResponseView.rrsetKey(r).equals(key))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of("<knot query failed: " + e + ">");
        }
    }

    private static ResponseView send(ServerUnderTest server, QueryCase c) throws IOException {
        byte[] answer = c.transport == Transport.TCP ? DnsWire.tcp(server.address(), c.wire)
                : DnsWire.udp(server.address(), c.wire);
        return new ResponseView(answer);
    }
}
