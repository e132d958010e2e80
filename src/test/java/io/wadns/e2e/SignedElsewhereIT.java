package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone file signed by BIND's {@code dnssec-signzone}, served by wadns without keys: wadns serves it with
 * the signatures and NSEC or NSEC3 chain the file holds, and unbound (anchored at the DS of BIND's key) and
 * {@code delv} validate every kind of answer.
 */
class SignedElsewhereIT {
    private static final Name ZONE = Name.fromConstantString("example.com.");

    private static final String UNSIGNED = """
            $ORIGIN example.com.
            $TTL 300
            @ SOA ns1 hostmaster 1 7200 900 1209600 300
            @ NS ns1
            @ MX 10 mail
            ns1 A 127.0.0.1
            mail A 192.0.2.25
            www A 192.0.2.1
            www A 192.0.2.2
            www AAAA 2001:db8::1
            ftp CNAME www
            *.any TXT "wildcard"
            host.deep.tree A 192.0.2.7
            sub NS ns.sub
            ns.sub A 127.0.0.1
            secure NS ns.secure
            secure DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
            ns.secure A 127.0.0.1
            """;

    @TempDir
    Path work;

    private static Name name(String relative) {
        return Name.fromConstantString(relative.isEmpty() ? "example.com." : relative + ".example.com.");
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }

    @Test
    void aZoneSignedByDnssecSignzoneIsServedSignedAndValidates() throws Exception {
        servedSignedAndValidated(List.of());
    }

    @Test
    void aZoneSignedWithNsec3ByDnssecSignzoneIsServedSignedAndValidates() throws Exception {
        // RFC 9276's parameters: no salt (-3 -), no extra iterations (-H 0)
        servedSignedAndValidated(List.of("-3", "-", "-H", "0"));
    }

    @Test
    void aZoneSignedWithASaltedNsec3ChainByDnssecSignzoneIsServedSignedAndValidates() throws Exception {
        // A salt, as older signers and Knot's defaults give: the proofs hash with it (RFC 5155 §5)
        servedSignedAndValidated(List.of("-3", "AABBCCDD", "-H", "0"));
    }

    private void servedSignedAndValidated(List<String> signzoneOptions) throws Exception {
        Path keygen = Tools.require("dnssec-keygen", "bind9-utils", "/usr/bin/dnssec-keygen");
        Path signzone = Tools.require("dnssec-signzone", "bind9-utils", "/usr/bin/dnssec-signzone");
        Path dsfromkey = Tools.require("dnssec-dsfromkey", "bind9-utils", "/usr/bin/dnssec-dsfromkey");
        Path unbound = Tools.require("unbound", "unbound", "/usr/sbin/unbound");
        Path delv = Tools.require("delv", "bind9-dnsutils", "/usr/bin/delv");
        Path keys = Files.createDirectories(work.resolve("bind-keys"));
        Path unsigned = Files.writeString(work.resolve("example.com.unsigned"), UNSIGNED);
        // One key with the SEP flag that signs everything (-z), the zone's DNSKEY added by smart signing (-S).
        String key = run(keys, keygen.toString(), "-q", "-K", keys.toString(), "-a", "ECDSAP256SHA256", "-f", "KSK",
                "example.com").trim();
        Path zones = Files.createDirectories(work.resolve("zones"));
        Path signed = zones.resolve("example.com.zone");
        List<String> sign = new ArrayList<>(List.of(signzone.toString(), "-S", "-z", "-K", keys.toString()));
        sign.addAll(signzoneOptions);
        sign.addAll(List.of("-o", "example.com", "-f", signed.toString(), unsigned.toString()));
        run(keys, sign.toArray(new String[0]));
        String ds = run(keys, dsfromkey.toString(), "-2", keys.resolve(key + ".key").toString()).trim();

        Path jar = Tools.wadnsJar();
        String check = run(work, Tools.java().toString(), "-jar", jar.toString(), "check", "--zones", zones.toString());
        assertThat(check).contains("signed").doesNotContain("warning");

        try (WadnsProcess wadns = WadnsProcess.start(jar, zones, List.of(ZONE), work.resolve("wadns"),
                List.of(InetAddress.getByName("127.0.0.1")), false, List.of());
                UnboundProcess resolver = UnboundProcess.start(unbound, ZONE, ds, wadns.address(), work)) {
            assertThat(wadns.output()).doesNotContain("signing done elsewhere");
            List<String> www = DnssecIT.validated(resolver, name("www"), Type.A, Rcode.NOERROR)
                    .getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A)
                    .map(r -> r.rdataToString()).sorted().toList();
            assertThat(www).containsExactly("192.0.2.1", "192.0.2.2");
            DnssecIT.validated(resolver, name("www"), Type.AAAA, Rcode.NOERROR);
            DnssecIT.validated(resolver, name("www"), Type.MX, Rcode.NOERROR); // NODATA
            DnssecIT.validated(resolver, name("nothing"), Type.A, Rcode.NXDOMAIN);
            DnssecIT.validated(resolver, name("host.any"), Type.TXT, Rcode.NOERROR); // a wildcard
            DnssecIT.validated(resolver, name("host.any"), Type.A, Rcode.NOERROR); // wildcard NODATA
            DnssecIT.validated(resolver, name("tree"), Type.A, Rcode.NOERROR); // an empty non-terminal
            DnssecIT.validated(resolver, name("host.deep.tree"), Type.A, Rcode.NOERROR);
            DnssecIT.validated(resolver, name("ftp"), Type.A, Rcode.NOERROR); // a CNAME
            DnssecIT.validated(resolver, name("sub"), Type.DS, Rcode.NOERROR); // no DS: an insecure delegation
            DnssecIT.validated(resolver, name("secure"), Type.DS, Rcode.NOERROR); // a signed DS
            DnssecIT.validated(resolver, name(""), Type.DNSKEY, Rcode.NOERROR);
            DnssecIT.validated(resolver, name(""), Type.MX, Rcode.NOERROR);
            java.util.regex.Matcher hashed = java.util.regex.Pattern.compile("(?m)^([0-9A-V]{32})\\.example\\.com\\.\\s+\\d+\\s+IN\\s+NSEC3\\s")
                    .matcher(Files.readString(signed));
            if (hashed.find()) {
                // RFC 5155 §7.2.8: a hashed owner is no name of the zone
                DnssecIT.validated(resolver, name(hashed.group(1).toLowerCase()), Type.NSEC3, Rcode.NXDOMAIN);
                DnssecIT.validated(resolver, name(hashed.group(1).toLowerCase()), Type.A, Rcode.NXDOMAIN);
            } else {
                assertThat(signzoneOptions).as("an NSEC3 chain in the signed file").doesNotContain("-3");
            }

            Path anchors = work.resolve("anchors.conf");
            String[] f = ds.split("\\s+");
            Files.writeString(anchors, "trust-anchors { example.com. static-ds " + f[f.length - 4] + " "
                    + f[f.length - 3] + " " + f[f.length - 2] + " \"" + f[f.length - 1] + "\"; };\n");
            for (String q : List.of("www.example.com. A", "nothing.example.com. A", "x.any.example.com. TXT",
                    "www.example.com. MX", "ftp.example.com. A")) {
                String[] parts = q.split(" ");
                List<String> command = new ArrayList<>(List.of(delv.toString(), "@127.0.0.1", "-p",
                        Integer.toString(wadns.address().getPort()), "-a", anchors.toString(), "+root=example.com",
                        parts[0], parts[1]));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(out).as("delv %s", q).contains("fully validated").doesNotContain("resolution failed: fail");
            }
        }
    }
}
