package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * wadns as a secondary: of a Knot primary (AXFR first, then a NOTIFY and IXFR, all with TSIG), of a
 * wadns primary serving weighted answers (a weight change moves the split on the secondary), and after a
 * restart with the primary down (answered from the store).
 */
class SecondaryIT {
    static final Name EXAMPLE = QueryCase.name("example.com.");

    @TempDir
    Path work;

    /** A static zone with SOA refresh {@code refresh}; {@code extra} appended. */
    static String staticZone(long serial, int refresh, String extra) {
        return """
                $ORIGIN example.com.
                $TTL 3600
                @ IN SOA ns1 hostmaster %d %d 2 1209600 300
                @ NS ns1
                @ MX 10 mail
                ns1 A 192.0.2.53
                mail A 192.0.2.25
                ftp CNAME mail
                """.formatted(serial, refresh) + extra;
    }

    /** The weighted zone of a wadns primary: www splits 1:3 (or {@code wa}:{@code wb}) between a and b. */
    static String weightedZone(long serial, int wa, int wb) {
        return staticZone(serial, 2, """
                a 60 A 192.0.2.1
                b 60 A 192.0.2.2
                www ALIAS %d a
                www ALIAS %d b
                """.formatted(wa, wb));
    }

    Path keyFile() throws IOException {
        return FleetConfig.keyFile(work);
    }

    /** The config of a secondary following example.com. from {@code primary} with key xfr, store under work. */
    Path secondaryConfig(InetSocketAddress primary) throws IOException {
        return secondaryConfig("zones", EXAMPLE, primary);
    }

    /**
     * The config of a secondary with one entry {@code name} under {@code secondary.<kind>} ({@code zones}
     * or {@code catalogs}), from {@code primary} with key xfr, store under work.
     */
    Path secondaryConfig(String kind, Name name, InetSocketAddress primary) throws IOException {
        keyFile();
        Path config = work.resolve("secondary.yaml");
        Files.writeString(config, """
                tsig:
                  - {name: xfr, algorithm: hmac-sha256, secret-file: xfr.key}
                secondary:
                  store: store
                  %s:
                    - {name: %s, primaries: ["127.0.0.1:%d"], tsig: xfr}
                """.formatted(kind, name, primary.getPort()));
        return config;
    }

    WadnsProcess secondary(InetSocketAddress primary, List<Name> awaited, String label) throws Exception {
        return secondary(secondaryConfig(primary), awaited, label, List.of());
    }

    WadnsProcess secondary(Path config, List<Name> awaited, String label, List<String> extra) throws Exception {
        Path empty = Files.createDirectories(work.resolve("no-primary-zones"));
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString()));
        args.addAll(extra);
        return WadnsProcess.start(Tools.wadnsJar(), empty, awaited, work.resolve(label),
                List.of(InetAddress.getByName("127.0.0.1")), true, args);
    }

    WadnsProcess wadnsPrimary(Path zones) throws Exception {
        return wadnsPrimary(zones, "");
    }

    /** A wadns primary of {@code zones}, transfers with key xfr; {@code extra} appended to its config. */
    WadnsProcess wadnsPrimary(Path zones, String extra) throws Exception {
        Path config = FleetConfig.primary(work, "primary.yaml", zones, extra);
        return WadnsProcess.start(Tools.wadnsJar(), zones, List.of(EXAMPLE), work.resolve("primary"),
                List.of(InetAddress.getByName("127.0.0.1")), true, List.of("--config", config.toString()));
    }

    /** knotd, the zone file of a Knot primary (example.com. at serial 1), and a free loopback address for it. */
    record KnotPlan(Path knotd, Path zoneFile, InetSocketAddress address) {}

    KnotPlan knotPlan() throws Exception {
        Path knotd = Tools.require("knotd", "knot", "/usr/sbin/knotd", "/usr/local/sbin/knotd");
        Path zoneFile = work.resolve("example.com.zone");
        Files.writeString(zoneFile, staticZone(1, 3600, ""));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return new KnotPlan(knotd, zoneFile, new InetSocketAddress(loopback, FreePorts.udpAndTcp(loopback)));
    }

    /**
     * Knot holds another secret under the key's name: it answers the signed request NOTAUTH with BADSIG in
     * its TSIG RR (RFC 8945 §5.2), and the wadns secondary names that error, serves nothing it did not
     * verify, and does not ask again as AXFR at once.
     */
    @Test
    void aTsigErrorOfAKnotPrimaryIsNamed() throws Exception {
        KnotPlan plan = knotPlan();
        String otherSecret = java.util.Base64.getEncoder().encodeToString(
                "another secret of 32 bytes, too!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (WadnsProcess wadns = secondary(plan.address(), List.of(), "secondary");
                KnotPrimary knot = KnotPrimary.start(plan.knotd(), plan.address().getPort(), EXAMPLE, plan.zoneFile(),
                        wadns.address(), otherSecret, work.resolve("knot"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (System.nanoTime() < deadline && !wadns.output().contains("TSIG BADSIG")) {
                Thread.sleep(100);
            }
            assertThat(wadns.output()).as("the log of the secondary")
                    .contains("answered NOTAUTH, TSIG BADSIG (the primary has another secret under the key's name)")
                    .doesNotContain("asking for AXFR");
            assertThat(serial(wadns.address())).as("nothing served").isEqualTo(-1);
        }
    }

    @Test
    void followsAKnotPrimaryByAxfrThenByIxfrAfterItsNotifyWithTsig() throws Exception {
        KnotPlan plan = knotPlan();
        Path knotd = plan.knotd();
        Path zoneFile = plan.zoneFile();
        InetSocketAddress knotAddress = plan.address();
        try (WadnsProcess wadns = secondary(knotAddress, List.of(), "secondary");
                KnotPrimary knot = KnotPrimary.start(knotd, knotAddress.getPort(), EXAMPLE, zoneFile, wadns.address(),
                        FleetIT.SECRET, work.resolve("knot"))) {
            awaitSerial(wadns, 1, Duration.ofSeconds(40));
            LogLines.awaitContains(wadns::output, "AXFR from 127.0.0.1@" + knotAddress.getPort() + ": serial 1");
            for (String[] q : new String[][] {{"example.com.", "MX"}, {"ftp.example.com.", "A"},
                {"nothere.example.com.", "A"}, {"example.com.", "NS"}}) {
                Name name = QueryCase.name(q[0]);
                int type = Type.value(q[1]);
                assertThat(FleetIT.answer(wadns.address(), name, type)).as("%s %s", q[0], q[1])
                        .isEqualTo(FleetIT.answer(knot.address(), name, type));
            }

            // A change on Knot: it journals the difference, sends NOTIFY, and wadns transfers it by IXFR.
            Files.writeString(zoneFile, staticZone(2, 3600, "added TXT \"in serial 2\"\n")
                    .replace("mail A 192.0.2.25", "mail A 192.0.2.26"));
            knot.reload(EXAMPLE);
            awaitSerial(wadns, 2, Duration.ofSeconds(30));
            LogLines.awaitContains(wadns::output, "NOTIFY of secondary zone example.com. from 127.0.0.1@",
                    "IXFR from 127.0.0.1@" + knotAddress.getPort() + ": serial 1 to 2 (1 difference");
            assertThat(FleetIT.answer(wadns.address(), QueryCase.name("mail.example.com."), Type.A))
                    .singleElement().asString().endsWith("192.0.2.26");
            assertThat(FleetIT.answer(wadns.address(), QueryCase.name("added.example.com."), Type.TXT))
                    .isEqualTo(FleetIT.answer(knot.address(), QueryCase.name("added.example.com."), Type.TXT));
            String metrics = metrics(wadns);
            assertThat(metrics).contains("wadns_secondary_serial{zone=\"example.com.\"} 2.0")
                    .contains("wadns_secondary_transfers_total{type=\"ixfr\",zone=\"example.com.\"} 1.0")
                    .contains("wadns_secondary_notify_total{zone=\"example.com.\"}");
        }
    }

    /**
     * A hidden signing primary: Knot signs the zone (its own KASP keys, NSEC) and wadns, without keys, serves
     * what it transfers signed with Knot's signatures. unbound, with the DS of Knot's key as trust anchor,
     * validates wadns' answers: positive, NODATA, NXDOMAIN, a CNAME and the key set.
     */
    @Test
    void aZoneKnotSignsIsServedWithKnotsSignaturesAndValidates() throws Exception {
        servedWithKnotsSignatures(KnotPrimary.Signing.NSEC);
    }

    /** Knot's NSEC3 defaults: a salt of 8 octets (RFC 5155 §3.1.5), which the chain's proofs must hash with. */
    @Test
    void aZoneKnotSignsWithItsNsec3DefaultsIsServedWithKnotsChainAndValidates() throws Exception {
        servedWithKnotsSignatures(KnotPrimary.Signing.NSEC3);
    }

    /**
     * An AXFR without TSIG of a zone of several thousand records (several messages), names compressed as
     * Knot compresses them, unsigned or signed by Knot (DNSKEY, RRSIG, and NSEC or NSEC3 with their type
     * bitmaps and NSEC3PARAM): wadns reads every message in place (no dnsjava record each; its debug line
     * says so) and answers as Knot answers.
     */
    @ParameterizedTest
    @EnumSource(KnotPrimary.Signing.class)
    void aZoneTransferredFromKnotWithoutTsigIsReadInPlaceAndAnsweredAsKnotAnswers(KnotPrimary.Signing signing)
            throws Exception {
        readInPlaceFromKnot(signing, false);
    }

    /** As above, the transfer signed with TSIG key xfr: its MACs are checked on the wire bytes (RFC 8945). */
    @Test
    void aZoneTransferredFromKnotWithTsigIsReadInPlaceToo() throws Exception {
        readInPlaceFromKnot(KnotPrimary.Signing.NSEC, true);
    }

    private void readInPlaceFromKnot(KnotPrimary.Signing signing, boolean keyed) throws Exception {
        KnotPlan plan = knotPlan();
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            hosts.append("h").append(i).append(" A 10.0.").append(i / 250).append('.').append(i % 250).append('\n');
        }
        Files.writeString(plan.zoneFile(), staticZone(1, 3600, """
                _sip._tcp SRV 0 5 5060 mail
                alias CNAME www
                old DNAME example.net.
                www A 192.0.2.80
                www AAAA 2001:db8::80
                www CAA 0 issue "ca.example.net"
                www SPF "v=spf1 -all"
                mail TXT "v=spf1 mx -all" ""
                sub NS ns.sub
                ns.sub A 192.0.2.54
                sub DS 12345 13 2 ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB
                """ + hosts));
        Path config = keyed ? secondaryConfig(plan.address())
                : FleetConfig.unsignedSecondary(work, "unsigned-transfer.yaml", plan.address().getPort());
        // The shipped logging, with wadns' own lines at DEBUG.
        Path logback = work.resolve("logback.xml");
        Files.writeString(logback, Files.readString(Path.of("docs/logback.xml"))
                .replace("<logger name=\"io.netty\" level=\"WARN\"/>",
                        "<logger name=\"io.netty\" level=\"WARN\"/>\n  <logger name=\"wadns\" level=\"DEBUG\"/>"));
        Path empty = Files.createDirectories(work.resolve("no-primary-zones"));
        List<String> launcher = List.of("sh", "-c",
                "java=$1; shift; exec \"$java\" -Dlogback.configurationFile=" + logback + " \"$@\"", "sh");
        try (WadnsProcess wadns = WadnsProcess.start(Tools.wadnsJar(), empty, List.of(), work.resolve("secondary"),
                List.of(InetAddress.getByName("127.0.0.1")), false, List.of("--config", config.toString()), launcher);
                KnotPrimary knot = KnotPrimary.start(plan.knotd(), plan.address().getPort(), EXAMPLE,
                        plan.zoneFile(), wadns.address(), FleetIT.SECRET, work.resolve("knot"),
                        signing, keyed)) {
            long knotSerial = serial(knot.address()); // raised as Knot signs
            awaitSerial(wadns, knotSerial, Duration.ofSeconds(40));
            LogLines.awaitContains(wadns::output, "AXFR from 127.0.0.1@" + plan.address().getPort());
            java.util.regex.Matcher inPlace = java.util.regex.Pattern
                    .compile("(\\d+) of the (\\d+) messages of that AXFR read in place").matcher(wadns.output());
            assertThat(inPlace.find()).as("the debug line of the AXFR:\n%s", wadns.output()).isTrue();
            assertThat(Integer.parseInt(inPlace.group(2))).as("messages").isGreaterThan(1);
            assertThat(inPlace.group(1)).as("read in place").isEqualTo(inPlace.group(2));
            String[][] questions = {{"example.com.", "SOA"}, {"example.com.", "NS"}, {"example.com.", "MX"},
                {"mail.example.com.", "A"}, {"mail.example.com.", "TXT"}, {"www.example.com.", "AAAA"},
                {"www.example.com.", "CAA"}, {"www.example.com.", "SPF"}, {"_sip._tcp.example.com.", "SRV"},
                {"alias.example.com.", "CNAME"}, {"old.example.com.", "DNAME"}, {"h2999.example.com.", "A"},
                {"h0.example.com.", "A"}, {"sub.example.com.", "DS"}, {"nothing.example.com.", "A"}};
            for (String[] q : questions) {
                Message query = Message.newQuery(Record.newRecord(QueryCase.name(q[0]), Type.value(q[1]), DClass.IN));
                query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO),
                        Section.ADDITIONAL);
                Message fromKnot = new Message(DnsWire.udp(knot.address(), query.toWire()));
                Message fromWadns = new Message(DnsWire.udp(wadns.address(), query.toWire()));
                assertThat(fromWadns.getRcode()).as("%s %s", q[0], q[1]).isEqualTo(fromKnot.getRcode());
                List<String> knotAnswer = fromKnot.getSection(Section.ANSWER).stream().map(Record::toString).toList();
                assertThat(fromWadns.getSection(Section.ANSWER).stream().map(Record::toString).toList())
                        .as("%s %s, TTLs too", q[0], q[1]).containsExactlyInAnyOrderElementsOf(knotAnswer);
                if (q[0].startsWith("nothing")) { // the denial: the SOA, and NSEC or NSEC3 records when signed
                    assertThat(fromWadns.getSection(Section.AUTHORITY).stream().map(Record::toString).toList())
                            .containsExactlyInAnyOrderElementsOf(fromKnot.getSection(Section.AUTHORITY).stream()
                                    .map(Record::toString).toList());
                } else {
                    assertThat(knotAnswer).as("%s %s", q[0], q[1]).isNotEmpty();
                }
                if (signing != KnotPrimary.Signing.NONE && !q[0].startsWith("nothing")) {
                    assertThat(fromKnot.getSection(Section.ANSWER)).as("%s %s", q[0], q[1])
                            .anyMatch(r -> r.getType() == Type.RRSIG);
                }
            }
        }
    }

    private void servedWithKnotsSignatures(KnotPrimary.Signing signing) throws Exception {
        Path knotd = Tools.require("knotd", "knot", "/usr/sbin/knotd", "/usr/local/sbin/knotd");
        Path unbound = Tools.require("unbound", "unbound", "/usr/sbin/unbound");
        Path zoneFile = work.resolve("example.com.zone");
        Files.writeString(zoneFile, staticZone(1, 3600, ""));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress knotAddress = new InetSocketAddress(loopback, FreePorts.udpAndTcp(loopback));
        try (WadnsProcess wadns = secondary(knotAddress, List.of(), "secondary");
                KnotPrimary knot = KnotPrimary.start(knotd, knotAddress.getPort(), EXAMPLE, zoneFile, wadns.address(),
                        FleetIT.SECRET, work.resolve("knot"), signing)) {
            long knotSerial = serial(knot.address()); // Knot's serial, raised as it signs
            assertThat(knotSerial).as("Knot's serial").isPositive();
            awaitSerial(wadns, knotSerial, Duration.ofSeconds(40));
            assertThat(wadns.output()).as("the log of the secondary").doesNotContain("signing done elsewhere")
                    .doesNotContain("signatures made where it was signed");
            String metrics = metrics(wadns);
            assertThat(metrics).doesNotContain("wadns_zone_signed_elsewhere{")
                    .contains("wadns_dnssec_earliest_expiry_seconds{zone=\"example.com.\"}");

            // Knot and wadns give the same signed answer.
            Message query = Message.newQuery(Record.newRecord(QueryCase.name("mail.example.com."), Type.A, DClass.IN));
            query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO),
                    Section.ADDITIONAL);
            List<Record> fromKnot = new Message(DnsWire.udp(knot.address(), query.toWire())).getSection(Section.ANSWER);
            List<Record> fromWadns = new Message(DnsWire.udp(wadns.address(), query.toWire())).getSection(Section.ANSWER);
            assertThat(fromKnot).anyMatch(r -> r.getType() == Type.RRSIG);
            assertThat(fromWadns).containsExactlyInAnyOrderElementsOf(fromKnot);
            if (signing == KnotPrimary.Signing.NSEC3) {
                List<Record> param = new Message(DnsWire.udp(wadns.address(), Message.newQuery(
                        Record.newRecord(EXAMPLE, Type.NSEC3PARAM, DClass.IN)).toWire())).getSection(Section.ANSWER);
                assertThat(param).singleElement().satisfies(r -> assertThat(
                        ((org.xbill.DNS.NSEC3PARAMRecord) r).getSalt()).as("Knot's salt").hasSize(8));
            }

            Message keys = new Message(DnsWire.udp(knot.address(), Message.newQuery(
                    Record.newRecord(EXAMPLE, Type.DNSKEY, DClass.IN)).toWire()));
            org.xbill.DNS.DNSKEYRecord ksk = keys.getSection(Section.ANSWER).stream()
                    .filter(r -> r instanceof org.xbill.DNS.DNSKEYRecord k && (k.getFlags() & 1) != 0)
                    .map(r -> (org.xbill.DNS.DNSKEYRecord) r).findFirst().orElseThrow();
            String ds = new org.xbill.DNS.DSRecord(EXAMPLE, DClass.IN, 3600, org.xbill.DNS.DNSSEC.Digest.SHA256, ksk)
                    .toString().replace('\t', ' ');
            try (UnboundProcess resolver = UnboundProcess.start(unbound, EXAMPLE, ds, wadns.address(), work)) {
                assertThat(DnssecIT.validated(resolver, QueryCase.name("mail.example.com."), Type.A, Rcode.NOERROR)
                        .getSection(Section.ANSWER)).anyMatch(r -> r.getType() == Type.A);
                DnssecIT.validated(resolver, QueryCase.name("ftp.example.com."), Type.A, Rcode.NOERROR);
                DnssecIT.validated(resolver, QueryCase.name("mail.example.com."), Type.TXT, Rcode.NOERROR);
                DnssecIT.validated(resolver, QueryCase.name("nothing.example.com."), Type.A, Rcode.NXDOMAIN);
                DnssecIT.validated(resolver, EXAMPLE, Type.MX, Rcode.NOERROR);
                DnssecIT.validated(resolver, EXAMPLE, Type.DNSKEY, Rcode.NOERROR);
            }
        }
    }

    @Test
    void aWadnsSecondaryOfAWadnsPrimaryServesTheWeightedSplitAndFollowsAWeightChange() throws Exception {
        Path zones = Files.createDirectories(work.resolve("zones"));
        try (AcceptingEndpoint endpoint = new AcceptingEndpoint(InetAddress.getByName("127.0.0.1"))) {
            // A health-checked name whose endpoint listens: the secondary probes it as the primary does.
            String checked = "h A 127.0.0.1\nh HEALTHCHECK tcp port=" + endpoint.port()
                    + " interval=0.5 timeout=0.2\n";
            Files.writeString(zones.resolve("example.com.zone"), weightedZone(1, 1, 3) + checked);
            try (WadnsProcess primary = wadnsPrimary(zones);
                    WadnsProcess secondary = secondary(primary.address(), List.of(EXAMPLE), "secondary")) {
                awaitSerial(secondary, 1, Duration.ofSeconds(30));
                assertThat(shareOfB(secondary.address(), 400)).as("weights 1:3").isBetween(0.6, 0.9);
                assertProbed(secondary, "h.example.com.");

                Files.writeString(zones.resolve("example.com.zone"), weightedZone(2, 3, 1) + checked);
                followWeightChange(primary, secondary, zones);
            }
        }
    }

    /** Waits (bounded) until the secondary's /health shows {@code group} probed (a last probe time). */
    static void assertProbed(WadnsProcess wadns, String group) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String health = "";
        while (System.nanoTime() < deadline) {
            health = get(wadns, "/health");
            if (health.contains("\"group\":\"" + group + "\"") && health.contains("\"state\":\"up\"")
                    && !health.contains("\"last_probe\":null")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the secondary does not probe " + group + ": " + health);
    }

    /** Reloads the primary's changed zone; the secondary takes it by IXFR and its split moves to 3:1. */
    static void followWeightChange(WadnsProcess primary, WadnsProcess secondary, Path zones) throws Exception {
        FleetIT.reload(primary);
        awaitSerial(secondary, 2, Duration.ofSeconds(30)); // the SOA's refresh is 2 s
        assertThat(shareOfB(secondary.address(), 400)).as("weights 3:1").isBetween(0.1, 0.4);
        LogLines.awaitContains(secondary::output, "IXFR from 127.0.0.1@" + primary.address().getPort()
                + ": serial 1 to 2");
    }

    @Test
    void aRestartedSecondaryAnswersFromItsStoreWhileThePrimaryIsDown() throws Exception {
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("example.com.zone"), weightedZone(7, 1, 3));
        InetSocketAddress primaryAddress;
        try (WadnsProcess primary = wadnsPrimary(zones);
                WadnsProcess secondary = secondary(primary.address(), List.of(EXAMPLE), "secondary")) {
            primaryAddress = primary.address();
            awaitSerial(secondary, 7, Duration.ofSeconds(30));
        }
        assertThat(work.resolve("store").resolve("example.com.zone")).exists();
        try (WadnsProcess again = secondary(primaryAddress, List.of(EXAMPLE), "restarted")) {
            assertThat(serial(again.address())).isEqualTo(7);
            LogLines.awaitContains(again::output, "serial 7 loaded from");
            assertThat(shareOfB(again.address(), 200)).as("weights 1:3 from the store").isBetween(0.55, 0.95);
            again.awaitOutput(out -> out.contains("refresh failed"), Duration.ofSeconds(20));
            assertThat(again.output()).contains("secondary zone example.com.: refresh failed");
            assertThat(serial(again.address())).as("still served").isEqualTo(7);
        }
    }

    @Test
    void followsTheCatalogZoneOfAWadnsPrimaryAndPicksUpAZoneAddedThere() throws Exception {
        Name catalog = QueryCase.name("catalog.invalid.");
        Name added = QueryCase.name("example.net.");
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("example.com.zone"), weightedZone(1, 1, 3));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int notifyPort = FreePorts.udpAndTcp(loopback); // a second listen address of the secondary, known up front
        try (WadnsProcess primary = wadnsPrimary(zones, """
                  notify: ["127.0.0.1:%d key xfr"]
                catalog: catalog.invalid.
                """.formatted(notifyPort))) {
            Path config = secondaryConfig("catalogs", catalog, primary.address());
            try (WadnsProcess secondary = secondary(config, List.of(catalog, EXAMPLE), "secondary",
                    List.of("--listen", "127.0.0.1:" + notifyPort))) {
                awaitSerial(secondary, 1, Duration.ofSeconds(30));
                assertThat(shareOfB(secondary.address(), 200)).isBetween(0.55, 0.95);

                Files.writeString(zones.resolve("example.net.zone"),
                        weightedZone(5, 1, 1).replace("example.com.", "example.net."));
                FleetIT.reload(primary);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (serial(secondary.address(), added) != 5 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(serial(secondary.address(), added)).as(secondary.output()).isEqualTo(5);
                LogLines.awaitContains(secondary::output, "secondary zone example.net.: a member of catalog"
                        + " catalog.invalid. now");
                assertThat(metrics(secondary)).contains("wadns_secondary_serial{zone=\"example.net.\"} 5.0");
            }
        }
    }

    /** The share of A answers for www.example.com. that are b (192.0.2.2), over {@code n} UDP queries. */
    static double shareOfB(InetSocketAddress server, int n) throws Exception {
        int b = 0;
        for (int i = 0; i < n; i++) {
            Message q = Message.newQuery(Record.newRecord(QueryCase.name("www.example.com."), Type.A, DClass.IN));
            Message r = new Message(DnsWire.udp(server, q.toWire()));
            assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
            List<Record> answer = r.getSection(Section.ANSWER);
            assertThat(answer).isNotEmpty();
            if (((ARecord) answer.get(0)).getAddress().getHostAddress().equals("192.0.2.2")) {
                b++;
            }
        }
        return b / (double) n;
    }

    /** The serial the server answers for example.com., or -1. */
    static long serial(InetSocketAddress server) {
        return serial(server, EXAMPLE);
    }

    static long serial(InetSocketAddress server, Name zone) {
        try {
            Message q = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
            Message r = new Message(DnsWire.udp(server, q.toWire(), Duration.ofMillis(300), 3));
            for (Record rr : r.getSection(Section.ANSWER)) {
                if (rr instanceof SOARecord soa) {
                    return soa.getSerial();
                }
            }
        } catch (IOException e) {
            // not yet
        }
        return -1;
    }

    static void awaitSerial(WadnsProcess wadns, long serial, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && wadns.isAlive()) {
            if (serial(wadns.address()) == serial) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("wadns does not serve serial " + serial + " within " + timeout + "; its log:\n"
                + wadns.output());
    }

    static String metrics(WadnsProcess wadns) throws Exception {
        return get(wadns, "/metrics");
    }

    static String get(WadnsProcess wadns, String path) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + wadns.http().getPort() + path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }
}
