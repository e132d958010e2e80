package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Reloading a running server: a real SIGHUP to the packaged jar, {@code POST /reload} on its HTTP port and
 * {@code --watch}; edited, broken and removed zones seen with dig and dnsjava; and no UDP query lost while a
 * 100,000-record zone is reloaded again and again.
 */
@Timeout(300)
class ReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ZONE = """
            $ORIGIN reload.example.
            $TTL 60
            @ IN SOA ns1 hostmaster %d 7200 900 1209600 300
            @ NS ns1
            ns1 A 192.0.2.53
            www A %s
            """; // www is line 6
    private static final String OTHER = """
            $ORIGIN other.example.
            $TTL 60
            @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
            @ NS ns1
            ns1 A 192.0.2.54
            """;
    private static final Name RELOAD = Name.fromConstantString("reload.example.");
    private static final Name OTHER_ORIGIN = Name.fromConstantString("other.example.");

    @TempDir
    Path work;

    private Path zones;
    private WadnsProcess wadns;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (wadns != null) {
            wadns.close();
        }
    }

    private void start(boolean withHttp, String... extraArgs) throws Exception {
        zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(1, "192.0.2.1"));
        Files.writeString(zones.resolve("other.example.zone"), OTHER);
        startOn(List.of(RELOAD, OTHER_ORIGIN), withHttp, extraArgs);
    }

    private void startOn(List<Name> origins, boolean withHttp, String... extraArgs) throws Exception {
        wadns = WadnsProcess.start(Tools.wadnsJar(), zones, origins, work.resolve("log"),
                List.of(InetAddress.getByName("127.0.0.1")), withHttp, List.of(extraArgs));
    }

    @Test
    void sighupServesAnEditedZoneAndKeepsTheOldOneWhenItIsBroken() throws Exception {
        start(false);
        assertThat(digA("www.reload.example")).containsExactly("192.0.2.1");

        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(2, "192.0.2.2"));
        sighup(1);
        assertThat(digA("www.reload.example")).containsExactly("192.0.2.2");
        assertThat(wadns.output()).contains("reloaded zone reload.example. serial 2");
        assertThat(wadns.output()).as("a reload logs no stack trace").doesNotContain("\tat ");

        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(3, "192.0.2.300"));
        sighup(2);
        assertThat(wadns.output()).contains(zones.resolve("reload.example.zone") + ":6: A address '192.0.2.300' is not an IPv4 address");
        assertThat(digA("www.reload.example")).as("the old version keeps serving").containsExactly("192.0.2.2");

        Files.delete(zones.resolve("other.example.zone"));
        sighup(3);
        assertThat(digStatus("ns1.other.example")).as("a removed zone is no longer ours").isEqualTo("REFUSED");
        assertThat(digA("www.reload.example")).containsExactly("192.0.2.2");
        assertThat(wadns.isAlive()).as("SIGHUP does not stop the JVM").isTrue();
    }

    @Test
    void postReloadAnswersWhatHappened() throws Exception {
        start(true);

        HttpResponse<String> unchanged = post("/reload");
        assertThat(unchanged.statusCode()).isEqualTo(200);
        assertThat(unchanged.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(unchanged.body()).contains("\"ok\":true", "\"unchanged\":[{\"file\":");

        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(2, "192.0.2.2"));
        HttpResponse<String> reloaded = post("/reload");
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(reloaded.body()).contains("\"reloaded\":[{\"file\":\"" + zones.resolve("reload.example.zone")
                + "\",\"zone\":\"reload.example.\",\"serial\":2}]");
        assertThat(resolveA("www.reload.example.")).containsExactly("192.0.2.2");

        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(3, "not-an-address"));
        HttpResponse<String> failed = post("/reload");
        assertThat(failed.statusCode()).isEqualTo(422);
        assertThat(failed.body()).contains("\"ok\":false", zones.resolve("reload.example.zone") + ":6: ",
                "\"serving\":\"previous version\"", "\"succeeded\":2,\"failed\":1");
        assertThat(resolveA("www.reload.example.")).containsExactly("192.0.2.2");

        assertThat(send("GET", "/reload").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void watchPicksUpAnEditWithinBoundedTime() throws Exception {
        start(false, "--watch");
        awaitLog(out -> out.contains("watching "), "the watcher to start");

        // Written in place.
        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(2, "192.0.2.2"));
        awaitAnswer("www.reload.example.", "192.0.2.2");

        // Written beside and renamed over it, as many editors save.
        Path temp = zones.resolve(".reload.example.zone.swp");
        Files.writeString(temp, ZONE.formatted(3, "192.0.2.3"));
        Files.move(temp, zones.resolve("reload.example.zone"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        awaitAnswer("www.reload.example.", "192.0.2.3");

        // A new zone file appears.
        Files.writeString(zones.resolve("new.example.zone"), OTHER.replace("other.example.", "new.example."));
        awaitLog(out -> out.contains("added zone new.example."), "new.example. to be added");
    }

    @Test
    void noUdpQueryIsLostWhileABigZoneIsReloaded() throws Exception {
        zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(1, "192.0.2.1"));
        Path big = zones.resolve("big.example.zone");
        writeBigZone(big, 1);
        startOn(List.of(RELOAD, Name.fromConstantString("big.example.")), true);

        int threads = 2;
        int minQueries = 10_000;
        int maxQueries = 200_000;
        AtomicBoolean reloadsDone = new AtomicBoolean();
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> sent = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            sent.add(pool.submit(() -> queryLoop(thread, minQueries, maxQueries, reloadsDone::get, lost, wrong,
                    firstFailures)));
        }
        int reloads = 4;
        try {
            for (int serial = 2; serial < 2 + reloads; serial++) {
                writeBigZone(big, serial);
                HttpResponse<String> response = post("/reload");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"zone\":\"big.example.\",\"serial\":" + serial);
            }
        } finally {
            reloadsDone.set(true);
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("query threads finished").isTrue();
        int total = 0;
        for (Future<Integer> f : sent) {
            total += f.get();
        }
        List<String> reloadTimes = wadns.output().lines().filter(l -> l.contains("reload done in"))
                .map(l -> l.replaceAll(".*(done in \\d+ ms).*", "$1")).toList();
        System.out.printf("ReloadIT: %d UDP queries, %d lost, during %s%n", total, lost.get(), reloadTimes);
        assertThat(total).isGreaterThanOrEqualTo(threads * minQueries);
        assertThat(lost.get()).as("queries without an answer within 5 s (dnsperf's timeout), of %d; first: %s",
                total, firstFailures).isZero();
        assertThat(wrong.get()).as("queries with a wrong answer, of %d; first: %s", total, firstFailures).isZero();
        assertThat(wadns.output()).contains("reloaded zone big.example. serial " + (1 + reloads));
    }

    /**
     * One UDP query at a time, each on its own socket with one attempt and a 1 s timeout, until the reloads are
     * done and at least {@code min} were sent (never more than {@code max}); returns the number sent.
     */
    private int queryLoop(int thread, int min, int max, Supplier<Boolean> reloadsDone, AtomicInteger lost,
            AtomicInteger wrong, List<String> failures) {
        int n = 0;
        while (n < max && (n < min || !reloadsDone.get())) {
            n++;
            boolean big = n % 2 == 0;
            int host = (n * 7919 + thread) % 100_000;
            Name name = Name.fromConstantString(big ? "h" + host + ".big.example." : "www.reload.example.");
            Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
            query.getHeader().setID((thread << 15 | n) & 0xffff);
            try {
                Message answer = new Message(DnsWire.udp(wadns.address(), query.toWire(), Duration.ofSeconds(5), 1));
                List<Record> records = answer.getSection(Section.ANSWER);
                if (answer.getRcode() != Rcode.NOERROR || records.isEmpty()) {
                    wrong.incrementAndGet();
                    note(failures, name + ": " + Rcode.string(answer.getRcode()) + " " + records);
                }
            } catch (IOException e) {
                lost.incrementAndGet();
                note(failures, name + ": " + e.getMessage());
            }
        }
        return n;
    }

    @Test
    void eachZoneStandsAloneAtStartAndABrokenOneAnswersServfail() throws Exception {
        zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(1, "192.0.2.1"));
        Files.writeString(zones.resolve("other.example.zone"), OTHER + "www A 192.0.2.999\n");
        startOn(List.of(RELOAD), true);

        assertThat(digA("www.reload.example")).containsExactly("192.0.2.1");
        assertThat(digStatus("ns1.other.example")).as("the broken zone is ours but unanswerable").isEqualTo("SERVFAIL");
        assertThat(wadns.output()).contains(zones.resolve("other.example.zone") + ":6: A address '192.0.2.999' is not an IPv4 address",
                "zone other.example. answers SERVFAIL", "serving 1 zone (1 failed: SERVFAIL)");
        assertThat(wadns.output()).as("the shipped logging set-up, as the jar runs")
                .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  wadns: wadns \\S+ serving 1 zone");
        String metrics = send("GET", "/metrics").body();
        assertThat(metrics).as("the JVM's metrics, registered at the first scrape").contains("jvm_memory_used_bytes");
        assertThat(metrics).contains("wadns_zone_servfail{zone=\"other.example.\"} 1",
                "wadns_zone_file_failing{file=\"" + zones.resolve("other.example.zone") + "\"} 1");

        Files.writeString(zones.resolve("other.example.zone"), OTHER);
        assertThat(post("/reload").statusCode()).isEqualTo(200);
        assertThat(digStatus("ns1.other.example")).isEqualTo("NOERROR");
        assertThat(send("GET", "/metrics").body()).doesNotContain("wadns_zone_servfail{");
    }

    @Test
    void pidFileNamesTheProcessForSighupAndGoesAwayOnStop() throws Exception {
        Path pidFile = work.resolve("run").resolve("wadns.pid");
        Files.createDirectories(pidFile.getParent());
        start(false, "--pid-file", pidFile.toString());
        assertThat(Files.readString(pidFile).strip()).isEqualTo(String.valueOf(wadns.pid()));

        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(2, "192.0.2.2"));
        Process kill = new ProcessBuilder("sh", "-c", "kill -HUP \"$(cat '" + pidFile + "')\"").start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitAnswer("www.reload.example.", "192.0.2.2");

        wadns.close();
        assertThat(pidFile).as("removed on a clean stop").doesNotExist();
    }

    @Test
    void watchFollowsAnIncludeInAFolderTheReloadJustAdded() throws Exception {
        start(false, "--watch");
        awaitLog(out -> out.contains("watching "), "the watcher to start");
        Path inc = Files.createDirectories(zones.resolve("inc")).resolve("extra.inc");
        Files.writeString(inc, "extra A 192.0.2.50\n");
        Files.writeString(zones.resolve("reload.example.zone"), ZONE.formatted(2, "192.0.2.2") + "$INCLUDE inc/extra.inc\n");
        awaitAnswer("extra.reload.example.", "192.0.2.50");

        // The include's folder was unknown until that reload: an edit there right after must be seen.
        // Without a new serial --watch keeps the served zone and says so; that it says so shows the edit was seen.
        Files.writeString(inc, "extra A 192.0.2.51\n");
        awaitLog(out -> out.contains("changed without a greater SOA serial, so --watch keeps serial 2"),
                "the include edit to be seen");
        assertThat(resolveA("extra.reload.example.")).containsExactly("192.0.2.50");
    }

    private static void note(List<String> failures, String failure) {
        if (failures.size() < 5) {
            failures.add(failure);
        }
    }

    /** 100,000 A records h0..h99999 (plus the apex), the serial and one address changing with {@code serial}. */
    private static void writeBigZone(Path file, int serial) throws IOException {
        StringBuilder sb = new StringBuilder(3_000_000);
        sb.append("$ORIGIN big.example.\n$TTL 300\n@ IN SOA ns1 hostmaster ").append(serial)
                .append(" 7200 900 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\n");
        for (int i = 0; i < 100_000; i++) {
            int address = i == 0 ? serial : i;
            sb.append('h').append(i).append(" A 10.").append((address >> 16) & 0xff).append('.')
                    .append((address >> 8) & 0xff).append('.').append(address & 0xff).append('\n');
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, sb, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Sends a real SIGHUP and waits until the server logged its {@code count}th finished reload. */
    private void sighup(int count) throws Exception {
        Process kill = new ProcessBuilder("sh", "-c", "kill -HUP " + wadns.pid()).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill finished").isTrue();
        assertThat(kill.exitValue()).as("kill -HUP exit status").isZero();
        awaitLog(out -> out.lines().filter(l -> l.contains("reload done in")).count() >= count,
                "reload " + count + " to finish");
    }

    private void awaitLog(Predicate<String> condition, String what) throws InterruptedException {
        if (!wadns.awaitOutput(condition, WAIT)) {
            throw new AssertionError("waited " + WAIT + " for " + what + "; output:\n" + wadns.output());
        }
    }

    private void awaitAnswer(String name, String address) throws Exception {
        long started = System.nanoTime();
        long deadline = started + WAIT.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            last = resolveA(name);
            if (last.equals(List.of(address))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + address + " for " + name + " within " + WAIT + " (last " + last
                + "); output:\n" + wadns.output());
    }

    private List<String> resolveA(String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver(wadns.address());
        resolver.setTimeout(Duration.ofSeconds(2));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
        List<String> out = new ArrayList<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            }
        }
        return out;
    }

    private List<String> digA(String name) throws Exception {
        DigOutput d = dig(name, "A");
        assertThat(d.status).as("%s", d).isEqualTo("NOERROR");
        return new ArrayList<>(DigOutput.rdata(d.answer, "A"));
    }

    private String digStatus(String name) throws Exception {
        return dig(name, "A").status;
    }

    private DigOutput dig(String name, String type) throws Exception {
        Path dig = Tools.require("dig", "bind9-dnsutils", "/usr/bin/dig");
        InetSocketAddress server = wadns.address();
        List<String> command = List.of(dig.toString(), "@" + server.getAddress().getHostAddress(), "-p",
                String.valueOf(server.getPort()), "+norecurse", "+time=2", "+tries=2", "+nocookie", name, type);
        return DigOutput.run(command);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return send("POST", path);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + wadns.http().getPort() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
