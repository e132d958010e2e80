package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.e2e.DigOutput.Rr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Starts the packaged jar on the bundled zones (zones/example.com.zone) and checks concrete answers with dig (UDP
 * and TCP) and dnsjava's SimpleResolver; also checks the exit status and FILE:LINE diagnostics of {@code serve}
 * and {@code check} on a broken zone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DigEndToEndIT {
    private static final Set<String> ENDPOINT_A = Set.of("192.0.2.1", "192.0.2.2", "192.0.2.128", "192.0.2.129");
    private static final Set<String> ENDPOINT_B = Set.of("192.0.2.3", "192.0.2.4", "192.0.2.130", "192.0.2.131");
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private Path jar;
    private WadnsProcess wadns;

    @BeforeAll
    void start() throws Exception {
        jar = Tools.wadnsJar();
        Path zones = Tools.bundledZones();
        List<Name> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(zones)) {
            files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".zone")).sorted()
                    .forEach(f -> names.add(QueryCase.name(f.substring(0, f.length() - ".zone".length()))));
        }
        assertThat(names).contains(QueryCase.name("example.com."));
        wadns = WadnsProcess.start(jar, zones, names, work.resolve("wadns"));
    }

    @AfterAll
    void stop() {
        if (wadns != null) {
            wadns.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dig

    private DigOutput dig(boolean tcp, String name, String type) throws IOException, InterruptedException {
        Path dig = Tools.require("dig", "bind9-dnsutils", "/usr/bin/dig");
        List<String> command = new ArrayList<>(List.of(dig.toString(), "@" + wadns.address().getAddress()
                .getHostAddress(), "-p", String.valueOf(wadns.address().getPort()), "+norecurse", "+time=2",
                "+tries=2", "+retry=1", "+nocookie", "+ignore"));
        if (tcp) {
            command.add("+tcp");
        }
        command.add(name);
        command.add(type);
        return DigOutput.run(command);
    }

    @Test
    void wwwOverUdpAndTcpIsOneWholeEndpointGroup() throws Exception {
        for (boolean tcp : new boolean[] {false, true}) {
            DigOutput d = dig(tcp, "www.example.com", "A");
            assertThat(d.status).as("%s", d).isEqualTo("NOERROR");
            assertThat(d.aa()).as("AA; %s", d).isTrue();
            assertThat(d.flags).as("flags; %s", d).doesNotContain("ra", "tc");
            assertThat(d.answer).as("answer; %s", d).hasSize(4)
                    .allSatisfy(r -> {
                        assertThat(r.owner()).isEqualTo("www.example.com.");
                        assertThat(r.type()).isEqualTo("A");
                    });
            assertThat(DigOutput.rdata(d.answer, "A")).as("one whole group; %s", d).isIn(ENDPOINT_A, ENDPOINT_B);
        }
    }

    @Test
    void mxCarriesInZoneAddressesInAdditional() throws Exception {
        DigOutput d = dig(false, "example.com", "MX");
        assertThat(d.status).isEqualTo("NOERROR");
        assertThat(d.aa()).as("%s", d).isTrue();
        assertThat(DigOutput.rdata(d.answer, "MX")).as("%s", d)
                .containsExactlyInAnyOrder("10 mail.example.com.", "20 mail2.example.com.");
        assertThat(DigOutput.asStrings(d.additional)).as("%s", d).contains(
                "mail.example.com. 3600 A 192.0.2.25",
                "mail.example.com. 3600 AAAA 2001:db8::25",
                "mail2.example.com. 3600 A 198.51.100.25");
    }

    @Test
    void nxdomainCarriesSoaWithNegativeTtl() throws Exception {
        DigOutput d = dig(false, "nothere.example.com", "A");
        assertThat(d.status).as("%s", d).isEqualTo("NXDOMAIN");
        assertThat(d.aa()).as("%s", d).isTrue();
        assertThat(d.answer).as("%s", d).isEmpty();
        assertThat(d.authority).as("%s", d).hasSize(1);
        Rr soa = d.authority.get(0);
        assertThat(soa.owner()).isEqualTo("example.com.");
        assertThat(soa.type()).isEqualTo("SOA");
        assertThat(soa.ttl()).as("min(SOA TTL 3600, MINIMUM 300)").isEqualTo(300);
        assertThat(soa.rdata()).startsWith("ns1.example.com. hostmaster.example.com. 2026112401 ");
    }

    @Test
    void nameUnderSubIsAReferral() throws Exception {
        DigOutput d = dig(false, "host.sub.example.com", "A");
        assertThat(d.status).as("%s", d).isEqualTo("NOERROR");
        assertThat(d.aa()).as("referral has AA clear; %s", d).isFalse();
        assertThat(d.answer).as("%s", d).isEmpty();
        assertThat(DigOutput.asStrings(d.authority)).as("%s", d).containsExactlyInAnyOrder(
                "sub.example.com. 3600 NS ns1.sub.example.com.",
                "sub.example.com. 3600 NS ns.example.net.");
        assertThat(DigOutput.asStrings(d.additional)).as("glue; %s", d)
                .containsExactly("ns1.sub.example.com. 3600 A 192.0.2.153");
    }

    @Test
    void nameOutsideEveryZoneIsRefused() throws Exception {
        DigOutput d = dig(false, "www.example.net", "A");
        assertThat(d.status).as("%s", d).isEqualTo("REFUSED");
        assertThat(d.aa()).as("%s", d).isFalse();
        assertThat(d.answer).isEmpty();
        assertThat(d.authority).isEmpty();
    }

    @Test
    void tcpGivesTheSameAnswerSetsAsUdp() throws Exception {
        String[][] questions = {
            {"example.com", "MX"}, {"example.com", "NS"}, {"example.com", "SOA"}, {"example.com", "TXT"},
            {"mail.example.com", "AAAA"}, {"_sip._tcp.example.com", "SRV"}, {"x.cdn.example.com", "A"},
            {"lab.internal.example.com", "A"}, {"www.example.com", "TXT"}, {"nothere.example.com", "A"},
            {"www.example.com", "MX"}, {"host.sub.example.com", "A"}, {"www.example.net", "A"},
        };
        List<String> differences = new ArrayList<>();
        for (String[] q : questions) {
            DigOutput udp = dig(false, q[0], q[1]);
            DigOutput tcp = dig(true, q[0], q[1]);
            Map<String, Object> u = summary(udp);
            Map<String, Object> t = summary(tcp);
            if (!u.equals(t)) {
                differences.add(q[0] + " " + q[1] + ":\n  udp " + u + "\n  tcp " + t);
            }
        }
        assertThat(differences).as("UDP/TCP differences").isEmpty();
    }

    private static Map<String, Object> summary(DigOutput d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", d.status);
        m.put("aa", d.aa());
        m.put("answer", DigOutput.asStrings(d.answer));
        m.put("authority", DigOutput.asStrings(d.authority));
        return m;
    }

    // ---------------------------------------------------------------------------------------------------------
    // dnsjava SimpleResolver

    private SimpleResolver resolver(boolean tcp) throws IOException {
        SimpleResolver r = new SimpleResolver(wadns.address());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    private static Message query(String name, int type) {
        Message m = new Message();
        m.addRecord(Record.newRecord(QueryCase.name(name), type, DClass.IN), Section.QUESTION);
        return m;
    }

    @Test
    void bothEndpointGroupsAppearWithin200Queries() throws Exception {
        SimpleResolver udp = resolver(false);
        Set<Set<String>> seen = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        int sent = 0;
        while (sent < 200 && seen.size() < 2) {
            Message answer = udp.send(query("www.example.com.", Type.A));
            sent++;
            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(answer.getHeader().getFlag(Flags.RA)).isFalse();
            List<Record> records = answer.getSection(Section.ANSWER);
            assertThat(records).as("answer #%d", sent).hasSize(4).allSatisfy(r -> {
                assertThat(r).isInstanceOf(ARecord.class);
                assertThat(r.getName()).isEqualTo(QueryCase.name("www.example.com."));
            });
            Set<String> group = new TreeSet<>();
            records.forEach(r -> group.add(((ARecord) r).getAddress().getHostAddress()));
            assertThat(group).as("answer #%d", sent).isIn(ENDPOINT_A, ENDPOINT_B);
            seen.add(group);
        }
        assertThat(seen).as("groups seen in %d queries", sent).hasSize(2);
    }

    @Test
    void simpleResolverUdpAndTcpAgree() throws Exception {
        for (String[] q : new String[][] {{"example.com.", "MX"}, {"nothere.example.com.", "A"},
                {"host.sub.example.com.", "A"}, {"ftp.example.com.", "TXT"}, {"example.com.", "NS"}}) {
            Message u = resolver(false).send(query(q[0], Type.value(q[1])));
            Message t = resolver(true).send(query(q[0], Type.value(q[1])));
            assertThat(t.getRcode()).as("%s %s", q[0], q[1]).isEqualTo(u.getRcode());
            assertThat(t.getHeader().getFlag(Flags.AA)).isEqualTo(u.getHeader().getFlag(Flags.AA));
            assertThat(new TreeSet<>(t.getSection(Section.ANSWER).stream().map(Record::toString).toList()))
                    .as("%s %s answer", q[0], q[1])
                    .isEqualTo(new TreeSet<>(u.getSection(Section.ANSWER).stream().map(Record::toString).toList()));
            assertThat(new TreeSet<>(t.getSection(Section.AUTHORITY).stream().map(Record::toString).toList()))
                    .as("%s %s authority", q[0], q[1])
                    .isEqualTo(new TreeSet<>(u.getSection(Section.AUTHORITY).stream().map(Record::toString).toList()));
        }
    }

    @Test
    void wwwOverTcpWithSimpleResolverIsOneGroup() throws Exception {
        Message answer = resolver(true).send(query("WWW.Example.COM.", Type.A));
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer.getQuestion().getName().toString()).as("question echoed case-preserved")
                .isEqualTo("WWW.Example.COM.");
        Set<String> group = new TreeSet<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            assertThat(r.getType()).as("no CNAME: %s", r).isEqualTo(Type.A);
            group.add(((ARecord) r).getAddress().getHostAddress());
        }
        assertThat(group).isIn(ENDPOINT_A, ENDPOINT_B);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Several --listen addresses (IPv4 and, where the machine has it, IPv6 loopback)

    @Test
    void servesOnEveryListenAddress() throws Exception {
        List<java.net.InetAddress> hosts = new ArrayList<>(List.of(java.net.InetAddress.getByName("127.0.0.1")));
        java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
        if (canBind(v6)) {
            hosts.add(v6);
        } else {
            // Some CI containers have no IPv6 loopback: still test a repeated --listen, on a second IPv4 port.
            System.out.println("no IPv6 loopback here: testing a second IPv4 listen address instead");
            hosts.add(java.net.InetAddress.getByName("127.0.0.1"));
        }
        try (WadnsProcess multi = WadnsProcess.start(jar, Tools.bundledZones(),
                List.of(QueryCase.name("example.com.")), work.resolve("multi"), hosts)) {
            assertThat(multi.addresses()).hasSize(2);
            for (java.net.InetSocketAddress address : multi.addresses()) {
                for (boolean tcp : new boolean[] {false, true}) {
                    SimpleResolver r = new SimpleResolver(address);
                    r.setTCP(tcp);
                    r.setTimeout(Duration.ofSeconds(3));
                    Message answer = r.send(query("mail.example.com.", Type.A));
                    assertThat(answer.getRcode()).as("%s tcp=%s", address, tcp).isEqualTo(Rcode.NOERROR);
                    assertThat(answer.getSection(Section.ANSWER)).as("%s tcp=%s", address, tcp)
                            .extracting(Record::rdataToString).containsExactly("192.0.2.25");
                }
            }
        }
    }

    private static boolean canBind(java.net.InetAddress address) {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new java.net.InetSocketAddress(address, 0))) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Invalid zones

    private static final String BROKEN_ZONE = String.join("\n",
            "$ORIGIN broken.example.",
            "$TTL 300",
            "@    IN SOA ns1 hostmaster 1 7200 900 1209600 300",
            "@    IN NS  ns1",
            "ns1  IN A   192.0.2.1",
            "www  IN A   999.0.2.1",
            "");
    private static final int BROKEN_LINE = 6;

    private Path brokenZones() throws IOException {
        Path dir = Files.createDirectories(work.resolve("broken-zones"));
        Files.writeString(dir.resolve("broken.example.zone"), BROKEN_ZONE, StandardCharsets.UTF_8);
        return dir;
    }

    private record Run(int exit, String output) {}

    private Run run(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-Xmx256m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start("wadns " + args[0], command, log)) {
            int exit = p.waitForExit(PROCESS_TIMEOUT);
            return new Run(exit, p.output());
        }
    }

    @Test
    void serveRefusesToStartOnABrokenZone() throws Exception {
        int port = FreePorts.udpAndTcp();
        Run r = run(work.resolve("serve-broken.log"), "serve", "--zones", brokenZones().toString(),
                "--listen", "127.0.0.1:" + port);
        assertThat(r.exit()).as("exit status; output:\n%s", r.output()).isNotZero();
        assertThat(r.output()).contains("broken.example.zone:" + BROKEN_LINE + ":");
        assertThat(r.output()).doesNotContain("listening on");
    }

    @Test
    void checkExitsOneOnABrokenZone() throws Exception {
        Run r = run(work.resolve("check-broken.log"), "check", "--zones", brokenZones().toString());
        assertThat(r.exit()).as("exit status; output:\n%s", r.output()).isEqualTo(1);
        assertThat(r.output()).contains("broken.example.zone:" + BROKEN_LINE + ":");
    }

    @Test
    void checkExitsZeroOnTheBundledZones() throws Exception {
        Run r = run(work.resolve("check-bundled.log"), "check", "--zones", Tools.bundledZones().toString());
        assertThat(r.exit()).as("exit status; output:\n%s", r.output()).isZero();
    }
}
