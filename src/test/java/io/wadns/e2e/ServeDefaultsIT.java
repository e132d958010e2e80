package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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
import org.xbill.DNS.Name;

/**
 * What the packaged jar says and does at start about what an operator did not configure: a SIGHUP that
 * the parent process ignored (started under {@code nohup}), which the JVM then will not handle.
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
}
