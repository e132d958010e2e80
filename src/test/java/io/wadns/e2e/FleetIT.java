package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Knot as a secondary of a wadns primary: it transfers the zone by AXFR with TSIG and serves the same
 * answers for the zone's static data; after a change on wadns and a reload, wadns sends NOTIFY and Knot
 * transfers the difference by IXFR.
 */
class FleetIT {
    static final String SECRET = Base64.getEncoder().encodeToString(
            "a shared secret of 32 bytes!!!!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    static final Name EXAMPLE = QueryCase.name("example.com.");

    @TempDir
    Path work;

    /** The zone: static data of many types, weighted aliases, a health check. */
    static String zone(long serial, String extra) {
        return """
                $ORIGIN example.com.
                $TTL 3600
                @ IN SOA ns1 hostmaster %d 7200 900 1209600 300
                @ NS ns1
                @ NS ns2.example.net.
                @ MX 10 mail
                @ TXT "v=spf1 mx -all"
                ns1 A 192.0.2.53
                ns1 AAAA 2001:db8::53
                mail A 192.0.2.25
                a 60 A 192.0.2.1
                b 60 A 192.0.2.2
                b HEALTHCHECK tcp port=80 interval=60
                www ALIAS 1 a
                www ALIAS 3 b
                www TXT "weighted"
                ftp CNAME mail
                _sip._tcp SRV 10 60 5060 mail
                *.cdn A 192.0.2.80
                sub NS ns1.sub
                ns1.sub A 192.0.2.153
                """.formatted(serial) + extra;
    }

    private static Path knotd() {
        return Tools.require("knotd", "knot", "/usr/sbin/knotd", "/usr/local/sbin/knotd");
    }

    /** The primary's zones folder, holding example.com. at serial 1. */
    private Path primaryZones() throws java.io.IOException {
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("example.com.zone"), zone(1, ""));
        return zones;
    }

    /** The config of the primary: transfers with the key only, NOTIFY to {@code notify} with the key. */
    Path config(Path zones, InetSocketAddress notify, String catalog) throws Exception {
        return FleetConfig.primary(work, "wadns.yaml", zones, """
                  notify: ["127.0.0.1:%d key xfr"]
                  journal: journal
                """.formatted(notify.getPort()) + (catalog == null ? "" : "catalog: " + catalog + "\n"));
    }

    @Test
    void knotTransfersByAxfrThenByIxfrAfterANotifyWithTsigAndServesTheSameStaticAnswers() throws Exception {
        Path knotd = knotd();
        Path zones = primaryZones();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress knotAddress = new InetSocketAddress(loopback, FreePorts.udpAndTcp(loopback));
        try (WadnsProcess wadns = WadnsProcess.start(Tools.wadnsJar(), zones, List.of(EXAMPLE),
                work.resolve("wadns"), List.of(loopback), true, List.of("--config",
                        config(zones, knotAddress, null).toString()));
                KnotSecondary knot = KnotSecondary.start(knotd, knotAddress.getPort(), wadns.address(), SECRET,
                        List.of(EXAMPLE), null, work.resolve("knot"))) {
            knot.awaitSerial(EXAMPLE, 1, Duration.ofSeconds(30));
            LogLines.awaitContains(knot::output, "AXFR");
            LogLines.awaitContains(wadns::output, "AXFR of example.com. serial 1 to 127.0.0.1:", "key xfr.");
            for (String[] q : STATIC_QUERIES) {
                Name name = QueryCase.name(q[0]);
                int type = Type.value(q[1]);
                assertThat(answer(knot.address(), name, type)).as("%s %s", q[0], q[1])
                        .isEqualTo(answer(wadns.address(), name, type));
            }
            // A name with weighted aliases: Knot has the ALIAS records as data of type 65300 and no addresses.
            assertThat(answer(knot.address(), QueryCase.name("www.example.com."), 65300))
                    .hasSize(2).allMatch(r -> r.contains("TYPE65300") || r.contains("ALIAS"));
            assertThat(answer(knot.address(), QueryCase.name("www.example.com."), Type.A)).as("NODATA")
                    .singleElement().asString().contains("\tSOA\t");

            // A change on the primary: NOTIFY, then IXFR of the difference alone.
            Files.writeString(zones.resolve("example.com.zone"), zone(2, "added TXT \"in serial 2\"\n")
                    .replace("mail A 192.0.2.25", "mail A 192.0.2.26"));
            reload(wadns);
            knot.awaitSerial(EXAMPLE, 2, Duration.ofSeconds(30));
            LogLines.awaitContains(wadns::output, "NOTIFY of example.com. serial 2 to 127.0.0.1:" + knotAddress.getPort()
                    + " acknowledged", "IXFR of example.com. from serial 1 to 2 (1 difference) to 127.0.0.1:");
            LogLines.awaitContains(knot::output, "IXFR");
            for (String[] q : new String[][] {{"mail.example.com.", "A"}, {"added.example.com.", "TXT"},
                {"example.com.", "MX"}, {"ftp.example.com.", "A"}}) {
                Name name = QueryCase.name(q[0]);
                int type = Type.value(q[1]);
                assertThat(answer(knot.address(), name, type)).as("%s %s", q[0], q[1])
                        .isEqualTo(answer(wadns.address(), name, type));
            }
            assertThat(answer(knot.address(), QueryCase.name("mail.example.com."), Type.A))
                    .singleElement().asString().endsWith("192.0.2.26");
        }
    }

    @Test
    void aKnotSecondaryWithAnotherSecretAnswersTheNotifyWithATsigErrorThatIsNamed() throws Exception {
        // RFC 8945 §5.2.2: knotd cannot verify the NOTIFY, answers NOTAUTH with an unsigned BADSIG TSIG; the
        // primary stops at once and says what it means, where it used to try ten times over minutes
        Path knotd = knotd();
        Path zones = primaryZones();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress knotAddress = new InetSocketAddress(loopback, FreePorts.udpAndTcp(loopback));
        String otherSecret = Base64.getEncoder().encodeToString(
                "another secret, also 32 bytes!!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (WadnsProcess wadns = WadnsProcess.start(Tools.wadnsJar(), zones, List.of(EXAMPLE),
                work.resolve("wadns"), List.of(loopback), true, List.of("--config",
                        config(zones, knotAddress, null).toString()));
                KnotSecondary knot = KnotSecondary.start(knotd, knotAddress.getPort(), wadns.address(), otherSecret,
                        List.of(EXAMPLE), null, work.resolve("knot"))) {
            Files.writeString(zones.resolve("example.com.zone"), zone(2, "")); // a change: NOTIFY
            reload(wadns);
            String failed = "NOTIFY of example.com. serial 2 to 127.0.0.1:" + knotAddress.getPort()
                    + " failed after 1 try: answered NOTAUTH, TSIG error BADSIG (the secondary has another secret"
                    + " under the key's name)";
            wadns.awaitOutput(out -> out.contains(failed), Duration.ofSeconds(30));
            assertThat(wadns.output()).as("knotd's log:%n%s", knot.output()).contains(failed);
            assertThat(knot.serial(EXAMPLE)).as("nor does Knot get the zone with its secret").isEqualTo(-1);
        }
    }

    @Test
    void knotFollowsTheCatalogZoneAndPicksUpAZoneAddedOnThePrimary() throws Exception {
        Path knotd = knotd();
        Name catalog = QueryCase.name("catalog.invalid.");
        Name added = QueryCase.name("example.net.");
        Path zones = primaryZones();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress knotAddress = new InetSocketAddress(loopback, FreePorts.udpAndTcp(loopback));
        try (WadnsProcess wadns = WadnsProcess.start(Tools.wadnsJar(), zones, List.of(EXAMPLE, catalog),
                work.resolve("wadns"), List.of(loopback), true, List.of("--config",
                        config(zones, knotAddress, catalog.toString()).toString()));
                KnotSecondary knot = KnotSecondary.start(knotd, knotAddress.getPort(), wadns.address(), SECRET,
                        List.of(), catalog, work.resolve("knot"))) {
            knot.awaitSerial(EXAMPLE, 1, Duration.ofSeconds(30));
            assertThat(answer(knot.address(), EXAMPLE, Type.MX)).isEqualTo(answer(wadns.address(), EXAMPLE, Type.MX));

            Files.writeString(zones.resolve("example.net.zone"), zone(7, "").replace("example.com.", "example.net."));
            reload(wadns);
            knot.awaitSerial(added, 7, Duration.ofSeconds(30));
            Name mail = QueryCase.name("mail.example.net.");
            assertThat(answer(knot.address(), mail, Type.A)).isEqualTo(answer(wadns.address(), mail, Type.A))
                    .singleElement().asString().endsWith("192.0.2.25");
            LogLines.awaitContains(knot::output, "catalog");
            LogLines.awaitContains(wadns::output, "of catalog.invalid.");
        }
    }

    /** POST /reload on the primary's HTTP port, and the reload's JSON answer. */
    static String reload(WadnsProcess wadns) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        java.net.http.HttpRequest post = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + wadns.http().getPort() + "/reload")).timeout(Duration.ofSeconds(30))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        java.net.http.HttpResponse<String> r = http.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Names and types whose answers come from static data, the same on any server. */
    static final String[][] STATIC_QUERIES = {
        {"example.com.", "SOA"}, {"example.com.", "NS"}, {"example.com.", "MX"}, {"example.com.", "TXT"},
        {"ns1.example.com.", "A"}, {"ns1.example.com.", "AAAA"}, {"mail.example.com.", "A"},
        {"a.example.com.", "A"}, {"b.example.com.", "A"}, {"www.example.com.", "TXT"},
        {"ftp.example.com.", "A"}, {"_sip._tcp.example.com.", "SRV"}, {"x.cdn.example.com.", "A"},
        {"host.sub.example.com.", "A"}, {"nothere.example.com.", "A"},
    };

    /** The rcode and every record of the answer and authority sections, as sorted text. */
    static Set<String> answer(InetSocketAddress server, Name name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        Message r = new Message(DnsWire.tcp(server, q.toWire()));
        Set<String> out = new TreeSet<>();
        if (r.getRcode() != Rcode.NOERROR) {
            out.add("rcode " + Rcode.string(r.getRcode()));
        }
        List<Record> records = new ArrayList<>(r.getSection(Section.ANSWER));
        records.addAll(r.getSection(Section.AUTHORITY));
        for (Record rr : records) {
            out.add(rr.toString());
        }
        return out;
    }
}
