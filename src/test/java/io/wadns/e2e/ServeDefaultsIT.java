package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What the packaged jar says and does at start about what an operator did not configure: response rate
 * limiting (off on loopback, as asked with {@code --rrl-rate}), and a SIGHUP that the parent process
 * ignored (started under {@code nohup}), which the JVM then will not handle.
 */
@Timeout(180)
class ServeDefaultsIT {
    private static final String ZONE = """
            $ORIGIN defaults.example.
            $TTL 60
            @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
            @ NS ns1
            ns1 A 192.0.2.53
            www A 192.0.2.1
            """;
    private static final Name ORIGIN = Name.fromConstantString("defaults.example.");
    /** Ignores SIGHUP, as nohup does, then becomes java: the JVM inherits SIG_IGN. */
    private static final List<String> HANGUP_IGNORED = List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh");

    @TempDir
    Path work;

    private WadnsProcess wadns;

    @AfterEach
    void stop() {
        if (wadns != null) {
            wadns.close();
        }
    }

    private void start(boolean http, List<String> extraArgs, List<String> launcher) throws Exception {
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("defaults.example.zone"), ZONE);
        wadns = WadnsProcess.start(Tools.wadnsJar(), zones, List.of(ORIGIN), work.resolve("defaults"),
                List.of(InetAddress.getByName("127.0.0.1")), http, extraArgs, launcher);
    }

    @Test
    void onLoopbackOnlyRateLimitingIsOffAndTheLogSaysSo() throws Exception {
        start(false, List.of(), List.of());

        assertThat(wadns.output()).contains(
                "response rate limiting off: listening on loopback only (--rrl-rate N turns it on)");
        Burst burst = burst(500, 3000); // nothing is dropped: a late reply is waited for
        assertThat(burst.answered).as("identical queries answered").isEqualTo(500);
        assertThat(burst.truncated).as("slipped (TC) replies").isZero();
    }

    @Test
    void aRateGivenIsLoggedAndLimitsOnLoopbackToo() throws Exception {
        start(false, List.of("--rrl-rate", "5"), List.of());

        assertThat(wadns.output()).contains(
                "response rate limiting on: 5 identical UDP replies per second per /24 or /56, slip 2");
        Burst burst = burst(40, 300);
        assertThat(burst.truncated).as("slipped (TC) replies").isPositive();
        assertThat(burst.answered - burst.truncated).as("whole answers").isLessThan(20);
    }

    @Test
    void sighupIgnoredByTheParentIsWarnedAboutAndPostReloadStillReloads() throws Exception {
        start(true, List.of(), HANGUP_IGNORED);
        String status = Files.readString(Path.of("/proc", Long.toString(wadns.pid()), "status"));
        assertThat(status).as("the JVM was started with SIGHUP ignored").containsPattern(
                "SigIgn:\\s*[0-9a-f]*[13579bdf]\\n");

        assertThat(wadns.output()).contains("SIGHUP is ignored by this process (started under nohup?)")
                .contains("POST /reload");
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(wadns.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1000); // a reload, had there been one, starts at once
        assertThat(wadns.isAlive()).as("SIGHUP neither stops the server").isTrue();
        assertThat(wadns.output()).as("nor reloads it").doesNotContain("reload done in");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> reload = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + wadns.http().getPort() + "/reload")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    }

    private record Burst(int answered, int truncated) {}

    /** {@code n} identical queries from one socket, each waiting for its reply or {@code waitMillis}. */
    private Burst burst(int n, int waitMillis) throws Exception {
        InetSocketAddress server = wadns.address();
        byte[] buffer = new byte[4096];
        int answered = 0;
        int truncated = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            socket.setSoTimeout(waitMillis);
            for (int i = 0; i < n; i++) {
                Message q = Message.newQuery(Record.newRecord(Name.fromString("www.defaults.example."), Type.A,
                        DClass.IN));
                q.getHeader().setID(i);
                byte[] wire = q.toWire();
                socket.send(new DatagramPacket(wire, wire.length, server));
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    socket.receive(p);
                    Message reply = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
                    answered++;
                    if (reply.getHeader().getFlag(Flags.TC)) {
                        truncated++;
                    }
                } catch (SocketTimeoutException e) {
                    // dropped by rate limiting
                }
            }
        }
        return new Burst(answered, truncated);
    }
}
