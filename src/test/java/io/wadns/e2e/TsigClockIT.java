package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose clock is an hour behind signs its query with TSIG: wadns answers BADTIME with its own
 * time in Other Data, signed so that the client can verify it (RFC 8945 §5.2.3), and Knot's kdig, under
 * faketime, says the time window is the problem rather than failing to verify the reply.
 */
class TsigClockIT {
    @TempDir
    Path work;

    @Test
    void aClientAnHourBehindGetsABadtimeItCanVerifyWithTheServersTime() throws Exception {
        Path kdig = Tools.require("kdig", "knot-dnsutils", "/usr/bin/kdig");
        Path faketime = Tools.require("faketime", "faketime", "/usr/bin/faketime");
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("example.com.zone"), FleetIT.zone(1, ""));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (WadnsProcess wadns = WadnsProcess.start(Tools.wadnsJar(), zones, List.of(FleetIT.EXAMPLE),
                work.resolve("wadns"), List.of(loopback), false, List.of("--config",
                        FleetConfig.primary(work, "wadns.yaml", zones, "").toString()))) {
            List<String> query = List.of(kdig.toString(), "-y", "hmac-sha256:xfr:" + FleetIT.SECRET,
                    "@127.0.0.1", "-p", Integer.toString(wadns.address().getPort()), "example.com.", "SOA");

            String onTime = run(query);
            assertThat(onTime).contains("status: NOERROR").contains("\tSOA\t").contains(" NOERROR 0")
                    .doesNotContain("WARNING");

            List<String> behind = new ArrayList<>(List.of(faketime.toString(), "-f", "-1h"));
            behind.addAll(query);
            long before = System.currentTimeMillis() / 1000;
            String late = run(behind);
            long after = System.currentTimeMillis() / 1000;
            assertThat(late).contains("status: BADTIME").contains("(TSIG out of time window)")
                    .doesNotContain("fail");
            // Other Data: 6 octets, the server's time (kdig prints it as seconds since 1970)
            Matcher otherData = Pattern.compile(" BADTIME 6 (\\d+)").matcher(late);
            assertThat(otherData.find()).as("Other Data in:%n%s", late).isTrue();
            assertThat(Long.parseLong(otherData.group(1))).isBetween(before - 5, after + 5);
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s ends", command.get(0)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
