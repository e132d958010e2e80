package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone signed by wadns with a key made by {@code wadns keygen}, checked by real validators: Debian's
 * unbound, anchored at the DS {@code wadns ds} prints and stubbed to the server, marks every kind of answer
 * validated (AD), weighted answers from both groups included; an answer from an unsigned child is insecure,
 * not bogus; BIND's {@code delv} fully validates the same answers.
 */
class DnssecIT {
    private static final Name ZONE = Name.fromConstantString("example.com.");

    private static final String PARENT = """
            $ORIGIN example.com.
            $TTL 300
            @ SOA ns1 hostmaster 1 7200 900 1209600 300
            @ NS ns1
            ns1 A 127.0.0.1
            @ ALIAS 1 pool-a
            pool-a 60 A 192.0.2.1
            pool-a 60 A 192.0.2.2
            pool-b 60 A 192.0.2.3
            pool-b 60 A 192.0.2.4
            pool-b 60 A 192.0.2.5
            pool-c 60 A 192.0.2.6
            www ALIAS 1 pool-a
            www ALIAS 1 pool-b
            www TXT "weighted"
            tree ALIAS 1 www
            tree ALIAS 1 pool-c
            *.wild ALIAS 1 pool-b
            *.any TXT "wildcard"
            ftp CNAME www
            sub NS ns.sub
            ns.sub A 127.0.0.1
            """;

    private static final String CHILD = """
            $ORIGIN sub.example.com.
            $TTL 300
            @ SOA ns hostmaster 1 7200 900 1209600 300
            @ NS ns
            ns A 127.0.0.1
            host A 192.0.2.99
            """;

    @TempDir
    Path work;

    private static Name name(String relative) {
        return Name.fromConstantString(relative.isEmpty() ? "example.com." : relative + ".example.com.");
    }

    private static String run(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NSEC", "NSEC3"})
    void unboundAndDelvValidateEveryKindOfAnswer(String denial) throws Exception {
        Path unbound = Tools.require("unbound", "unbound", "/usr/sbin/unbound");
        Path delv = Tools.require("delv", "bind9-dnsutils", "/usr/bin/delv");
        Path jar = Tools.wadnsJar();
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("example.com.zone"), PARENT);
        Files.writeString(zones.resolve("sub.example.com.zone"), CHILD);
        Path keys = Files.createDirectories(work.resolve("keys"));
        run(jar, "keygen", "example.com", "--keys", keys.toString());
        String ds = run(jar, "ds", "example.com", "--keys", keys.toString()).lines()
                .filter(l -> l.contains(" DS ")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>(List.of("--keys", keys.toString()));
        if (denial.equals("NSEC3")) {
            args.add("--nsec3");
        }
        try (WadnsProcess wadns = WadnsProcess.start(jar, zones, List.of(ZONE, name("sub")), work.resolve("wadns"),
                List.of(InetAddress.getByName("127.0.0.1")), false, args);
                UnboundProcess resolver = UnboundProcess.start(unbound, ZONE, ds, wadns.address(), work)) {
            Set<String> groups = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                Message m = validated(resolver, name("www"), Type.A, Rcode.NOERROR);
                groups.add(addresses(m).toString());
            }
            assertThat(groups).as("both groups of www, each validated").containsExactlyInAnyOrder(
                    "[192.0.2.1, 192.0.2.2]", "[192.0.2.3, 192.0.2.4, 192.0.2.5]");
            Set<String> treeGroups = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                treeGroups.add(addresses(validated(resolver, name("tree"), Type.A, Rcode.NOERROR)).toString());
            }
            assertThat(treeGroups).as("an alias tree").hasSize(3);
            validated(resolver, name(""), Type.A, Rcode.NOERROR); // an apex alias
            validated(resolver, name("host.wild"), Type.A, Rcode.NOERROR); // a wildcard alias
            validated(resolver, name("www"), Type.MX, Rcode.NOERROR); // NODATA at a weighted name
            validated(resolver, name("www"), Type.AAAA, Rcode.NOERROR);
            validated(resolver, name("nothing"), Type.A, Rcode.NXDOMAIN);
            validated(resolver, name("host.any"), Type.TXT, Rcode.NOERROR); // a wildcard
            validated(resolver, name("ftp"), Type.A, Rcode.NOERROR); // a CNAME into a weighted name
            validated(resolver, name("sub"), Type.DS, Rcode.NOERROR); // no DS: an insecure delegation
            validated(resolver, name(""), Type.DNSKEY, Rcode.NOERROR);
            Message child = resolver.ask(name("host.sub"), Type.A);
            assertThat(child.getRcode()).as("an unsigned child is insecure, not bogus: %s", child)
                    .isEqualTo(Rcode.NOERROR);
            assertThat(child.getHeader().getFlag(Flags.AD)).isFalse();
            assertThat(addresses(child)).containsExactly("192.0.2.99");

            Path anchors = work.resolve("anchors-" + denial + ".conf");
            String[] f = ds.trim().split("\\s+");
            Files.writeString(anchors, "trust-anchors { example.com. static-ds " + f[3] + " " + f[4] + " " + f[5]
                    + " \"" + f[6] + "\"; };\n");
            for (String q : List.of("www.example.com. A", "example.com. A", "x.wild.example.com. A",
                    "nothing.example.com. A", "www.example.com. MX", "ftp.example.com. A")) {
                String[] parts = q.split(" ");
                Process p = new ProcessBuilder(delv.toString(), "@127.0.0.1", "-p",
                        Integer.toString(wadns.address().getPort()), "-a", anchors.toString(), "+root=example.com",
                        parts[0], parts[1]).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(out).as("delv %s", q).contains("fully validated").doesNotContain("resolution failed: fail");
            }
        }
    }

    /**
     * A fleet member: a wadns secondary with the zone's keys, following an unsigned hidden wadns primary,
     * signs each version it transfers (weighted groups included) and its answers validate; a weight change
     * on the primary reaches it by IXFR and is served signed.
     */
    @org.junit.jupiter.api.Test
    void aSecondaryWithTheKeysSignsWhatItTransfersAndValidates() throws Exception {
        Path unbound = Tools.require("unbound", "unbound", "/usr/sbin/unbound");
        Path jar = Tools.wadnsJar();
        Path zones = Files.createDirectories(work.resolve("zones"));
        String zone = PARENT.replace("7200 900", "2 1");
        Files.writeString(zones.resolve("example.com.zone"), zone);
        Path keys = Files.createDirectories(work.resolve("keys"));
        run(jar, "keygen", "example.com", "--keys", keys.toString());
        String ds = run(jar, "ds", "example.com", "--keys", keys.toString()).lines()
                .filter(l -> l.contains(" DS ")).findFirst().orElseThrow();
        Path primaryConfig = work.resolve("primary.yaml");
        Files.writeString(primaryConfig, "zones: " + zones + "\ntransfer:\n  allow: [127.0.0.0/8]\n");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (WadnsProcess primary = WadnsProcess.start(jar, zones, List.of(ZONE), work.resolve("primary"),
                List.of(loopback), true, List.of("--config", primaryConfig.toString()))) {
            Path secondaryConfig = FleetConfig.unsignedSecondary(work, "secondary.yaml", primary.address().getPort());
            Path empty = Files.createDirectories(work.resolve("no-zone-files"));
            try (WadnsProcess secondary = WadnsProcess.start(jar, empty, List.of(ZONE), work.resolve("secondary"),
                    List.of(loopback), false, List.of("--config", secondaryConfig.toString(), "--keys",
                            keys.toString()));
                    UnboundProcess resolver = UnboundProcess.start(unbound, ZONE, ds, secondary.address(), work)) {
                LogLines.awaitContains(secondary::output, "signed zone example.com. serial 1");
                Set<String> groups = new HashSet<>();
                for (int i = 0; i < 30; i++) {
                    groups.add(addresses(validated(resolver, name("www"), Type.A, Rcode.NOERROR)).toString());
                }
                assertThat(groups).hasSize(2);
                validated(resolver, name("nothing"), Type.A, Rcode.NXDOMAIN);

                // pool-a's weight to 0 on the primary: the secondary transfers, signs and serves pool-b only.
                Files.writeString(zones.resolve("example.com.zone"), zone.replace("hostmaster 1 ", "hostmaster 2 ")
                        .replace("www ALIAS 1 pool-a", "www ALIAS 0 pool-a"));
                FleetIT.reload(primary);
                SecondaryIT.awaitSerial(secondary, 2, Duration.ofSeconds(30));
                LogLines.awaitContains(secondary::output, "signed zone example.com. serial 2");
                for (int i = 0; i < 10; i++) {
                    assertThat(addresses(validated(resolver, name("www"), Type.A, Rcode.NOERROR)))
                            .containsExactly("192.0.2.3", "192.0.2.4", "192.0.2.5");
                }
            }
        }
    }

    /**
     * Health takes an address out of a weighted group and of a checked RRset: unbound gets the remaining
     * address, validated, because the server signed that RRset before it published the health view.
     */
    @org.junit.jupiter.api.Test
    void aGroupWhoseAddressHealthTookOutStillValidates() throws Exception {
        Path unbound = Tools.require("unbound", "unbound", "/usr/sbin/unbound");
        Path jar = Tools.wadnsJar();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (AcceptingEndpoint endpoint = new AcceptingEndpoint(loopback)) {
            // 127.0.0.1 listens on the checked port; 127.0.0.2 does not (the socket is bound to .1 only).
            String check = " HEALTHCHECK tcp port=" + endpoint.port() + " interval=0.5 timeout=0.2 rise=1 fall=1\n";
            Path zones = Files.createDirectories(work.resolve("zones"));
            Files.writeString(zones.resolve("example.com.zone"), PARENT
                    + "pool-h 60 A 127.0.0.1\npool-h 60 A 127.0.0.2\npool-h" + check
                    + "hw ALIAS 1 pool-h\n"
                    + "hs 60 A 127.0.0.1\nhs 60 A 127.0.0.2\nhs" + check);
            Files.writeString(zones.resolve("sub.example.com.zone"), CHILD);
            Path keys = Files.createDirectories(work.resolve("keys"));
            run(jar, "keygen", "example.com", "--keys", keys.toString());
            String ds = run(jar, "ds", "example.com", "--keys", keys.toString()).lines()
                    .filter(l -> l.contains(" DS ")).findFirst().orElseThrow();
            try (WadnsProcess wadns = WadnsProcess.start(jar, zones, List.of(ZONE), work.resolve("wadns"),
                    List.of(loopback), false, List.of("--keys", keys.toString()));
                    UnboundProcess resolver = UnboundProcess.start(unbound, ZONE, ds, wadns.address(), work)) {
                for (String name : List.of("hw", "hs")) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    List<String> got = List.of();
                    while (System.nanoTime() < deadline) {
                        got = addresses(validated(resolver, name(name), Type.A, Rcode.NOERROR));
                        if (got.equals(List.of("127.0.0.1"))) {
                            break;
                        }
                        Thread.sleep(200);
                    }
                    assertThat(got).as("%s once 127.0.0.2 is down; wadns log:\n%s", name, wadns.output())
                            .containsExactly("127.0.0.1");
                    for (int i = 0; i < 5; i++) {
                        assertThat(addresses(validated(resolver, name(name), Type.A, Rcode.NOERROR)))
                                .containsExactly("127.0.0.1");
                    }
                }
            }
        }
    }

    static Message validated(UnboundProcess resolver, Name name, int type, int rcode) throws IOException {
        Message m = resolver.ask(name, type);
        assertThat(m.getRcode()).as("%s %s: %s\nunbound: %s", name, Type.string(type), m, tail(resolver.output()))
                .isEqualTo(rcode);
        assertThat(m.getHeader().getFlag(Flags.AD)).as("%s %s validated: %s\nunbound: %s", name, Type.string(type), m,
                tail(resolver.output())).isTrue();
        return m;
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A).map(r -> r.rdataToString())
                .sorted().toList();
    }

    private static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }
}
