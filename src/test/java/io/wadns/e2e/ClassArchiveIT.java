package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The unit's ExecStartPre, {@code docs/wadns-class-archive.sh}: it makes a class-data archive that the JVM
 * maps when serving, keeps it while the jar, the JVM and the options stay the same, makes it again when one of
 * them changes, and never keeps wadns from starting.
 */
@Timeout(300)
class ClassArchiveIT {
    private static final Path SCRIPT = Path.of("docs", "wadns-class-archive.sh").toAbsolutePath();
    private static final String ZONE = """
            $ORIGIN archive.example.
            $TTL 60
            @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
            @ NS ns1
            ns1 A 192.0.2.53
            www A 192.0.2.1
            """;
    private static final Name ORIGIN = Name.fromConstantString("archive.example.");

    @TempDir
    Path work;

    private Path jar;
    private Path zones;
    private Path archive;
    private WadnsProcess wadns;

    @BeforeEach
    void install() throws IOException {
        // A copy, so that an upgrade can be played by replacing it.
        jar = Files.copy(Tools.wadnsJar(), work.resolve("wadns.jar"));
        zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("archive.example.zone"), ZONE);
        archive = Files.createDirectories(work.resolve("cache")).resolve("wadns.jsa");
    }

    @AfterEach
    void stop() {
        if (wadns != null) {
            wadns.close();
        }
    }

    @Test
    void theArchiveIsMadeOnceAndTheServerMapsItsClasses() throws Exception {
        script(archive, "-Xmx256m").made(archive);
        assertThat(archive).isNotEmptyFile();
        assertThat(Files.readString(archive.resolveSibling("wadns.jsa.stamp")))
                .contains(jar.toString()).contains("options: -Xmx256m");
        FileTime made = Files.getLastModifiedTime(archive);

        Run again = script(archive, "-Xmx256m");
        assertThat(again.stderr).as("a fresh archive is left alone").isEmpty();
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);

        // -Xshare:on refuses to start on an archive the JVM cannot map; class+load says where each class came from.
        wadns = serve("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info");
        assertThat(wadns.output())
                .contains("io.wadns.zonefile.ZoneLoader source: shared objects file (top)")
                .contains("io.netty.channel.epoll.EpollDatagramChannel source: shared objects file (top)");
        // The training run was asked a question over UDP and TCP: the classes a first query loads (the
        // answer cache's key, Netty's batch of datagrams) come from the archive, not the jar.
        for (boolean tcp : new boolean[] {false, true}) {
            SimpleResolver resolver = new SimpleResolver(wadns.address());
            resolver.setTCP(tcp);
            resolver.setTimeout(Duration.ofSeconds(5));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromConstantString(
                    "www.archive.example."), Type.A, DClass.IN)));
            assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
        }
        assertThat(wadns.awaitOutput(out -> out.contains("io.wadns.protocol.CacheKey source:"), Duration.ofSeconds(10)))
                .isTrue();
        assertThat(wadns.awaitOutput(out -> out.contains("io.netty.handler.codec.LengthFieldPrepender source:"),
                Duration.ofSeconds(10))).isTrue();
        assertThat(wadns.output())
                .contains("io.wadns.protocol.CacheKey source: shared objects file (top)")
                .contains("io.netty.channel.epoll.NativeDatagramPacketArray source: shared objects file (top)")
                // loaded only when a TCP connection comes: the training run was asked over TCP too
                .contains("io.netty.handler.codec.LengthFieldPrepender source: shared objects file (top)");
    }

    @Test
    void otherOptionsOrANewJarMakeItAgainAndAStaleOneDoesNotStopTheStart() throws Exception {
        script(archive, "-Xmx256m").made(archive);

        script(archive, "-Xmx300m").made(archive);
        assertThat(Files.readString(archive.resolveSibling("wadns.jsa.stamp"))).contains("options: -Xmx300m");

        // An upgrade replaces the jar (a new file); until the script runs, the JVM refuses the archive and
        // wadns starts without it.
        Path upgraded = Files.copy(Tools.wadnsJar(), work.resolve("wadns.jar.new"));
        Files.setLastModifiedTime(upgraded, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
        wadns = serve("-Xmx300m", "-XX:SharedArchiveFile=" + archive);
        assertThat(wadns.output()).contains("serving 1 zone");
        wadns.close();
        wadns = null;

        // The last training run's log says "serving": the wait must not take that line for this run's.
        Files.writeString(archive.resolveSibling("wadns.jsa.log"),
            "2026-12-01T00:00:00Z INFO  wadns: wadns 0.1.0 serving 1 zone, 32 records, loaded in 1 ms, on 127.0.0.1:1\n");
        script(archive, "-Xmx300m").made(archive);
        wadns = serve("-Xmx300m", "-Xshare:on", "-XX:SharedArchiveFile=" + archive);
        assertThat(wadns.output()).contains("serving 1 zone");
    }

    @Test
    void aFolderWithoutZoneFilesIsTrainedOnAZoneOfTheScriptsOwnSoTheServersClassesAreArchivedToo() throws Exception {
        // A server of secondary zones only keeps no zone files: serve would refuse the empty folder at once.
        Path empty = Files.createDirectories(work.resolve("no-zone-files"));
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), archive.toString(), jar.toString(),
                empty.toString(), "-Xmx256m"));
        Run run = run(command);
        assertThat(run.stderr()).contains("made " + archive);
        assertThat(Files.readString(archive.resolveSibling("wadns.jsa.log"))).contains("serving 1 zone");
        try (var left = Files.list(archive.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("its zone is removed")
                    .noneMatch(name -> name.contains("training"));
        }
        assertThat(empty).isEmptyDirectory();

        wadns = serve("-Xmx256m", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info");
        assertThat(wadns.output())
                .contains("io.netty.channel.epoll.EpollDatagramChannel source: shared objects file (top)")
                .contains("io.wadns.resolve.Resolver source: shared objects file (top)");
    }

    @Test
    void theTrainingTakesAZoneAsASecondarySoASecondarysTransferMapsItsClasses() throws Exception {
        // The archive of install() was trained on zone files; its run took a zone of the script's own from a
        // primary of the script's own as well.
        Run trained = script(archive, "-Xmx300m").made(archive);
        assertThat(trained.log).contains("secondary zone transfer.training.invalid.: AXFR from 127.0.0.1@");
        try (var left = Files.list(archive.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the training's files are removed")
                    .noneMatch(name -> name.contains("training"));
        }

        // A primary of another zone, and a server that follows it from a configuration file.
        Path primaryZones = Files.createDirectories(work.resolve("primary-zones"));
        Files.writeString(primaryZones.resolve("copy.example.zone"), ZONE.replace("archive.example.", "copy.example."));
        Path primaryConfig = Files.writeString(work.resolve("primary.yaml"), "transfer:\n  allow: [127.0.0.1]\n");
        try (WadnsProcess primary = WadnsProcess.start(jar, primaryZones, List.of(Name.fromConstantString("copy.example.")),
                work.resolve("primary"), List.of(InetAddress.getByName("127.0.0.1")), false,
                List.of("--config", primaryConfig.toString()))) {
            Path config = Files.writeString(work.resolve("secondary.yaml"), "secondary:\n  store: store\n  zones:\n"
                    + "    - {name: copy.example., primaries: [\"127.0.0.1:" + primary.address().getPort() + "\"]}\n");
            wadns = serve(List.of("--config", config.toString()), "-Xmx300m", "-Xshare:on",
                    "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info");
            assertThat(wadns.awaitOutput(out -> out.contains("secondary zone copy.example.: AXFR from"),
                    Duration.ofSeconds(30))).as(wadns.output()).isTrue();
            assertThat(wadns.output())
                    .contains("io.wadns.config.ConfigFile source: shared objects file (top)")
                    .contains("io.wadns.secondary.TransferClient source: shared objects file (top)")
                    .contains("io.wadns.secondary.WireAnswers source: shared objects file (top)")
                    .contains("io.wadns.secondary.StoreWriter source: shared objects file (top)");
        }
    }

    @Test
    void whatCannotBeMadeIsSaidAndTheScriptStillSucceeds() throws Exception {
        Path nowhere = work.resolve("missing").resolve("wadns.jsa");
        assertThat(script(nowhere, "-Xmx256m").stderr).contains("cannot write in " + nowhere.getParent());
        assertThat(nowhere.getParent()).doesNotExist();

        // A JVM option that stops the JVM: no archive of its own, and no stamp that would hide the failure next
        // time. The JDK's default archive stands in, so that the JVM still shares the JDK's classes (a missing
        // file would turn sharing off).
        Run refused = script(archive, "-XX:+NoSuchOption");
        assertThat(refused.stderr).contains("no class-data archive made").contains("starting with the JDK's own");
        assertThat(archive.resolveSibling("wadns.jsa.stamp")).doesNotExist();
        Path jdkDefault = Tools.java().toRealPath().getParent().getParent().resolve("lib/server/classes.jsa");
        if (Files.exists(jdkDefault)) {
            assertThat(Files.isSymbolicLink(archive)).isTrue();
            assertThat(archive.toRealPath()).isEqualTo(jdkDefault.toRealPath());
            Process p = new ProcessBuilder(Tools.java().toString(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                    "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("the JVM maps the JDK's archive through the link").isZero();
        } else {
            assertThat(archive).doesNotExist();
        }
        // The next run makes a real archive in its place.
        script(archive, "-Xmx256m").made(archive);
        assertThat(Files.isSymbolicLink(archive)).isFalse();

        Run noArguments = run(List.of("sh", SCRIPT.toString()));
        assertThat(noArguments.stderr).contains("usage: wadns-class-archive.sh ARCHIVE JAR ZONES");
    }

    private WadnsProcess serve(String... jvmOptions) throws Exception {
        return serve(List.of(), jvmOptions);
    }

    /** As {@link #serve(String...)}, with {@code serveArguments} after serve's own. */
    private WadnsProcess serve(List<String> serveArguments, String... jvmOptions) throws Exception {
        // The launcher puts the options between java and -jar, and execs java so that the pid stays the JVM's.
        List<String> launcher = new ArrayList<>(List.of("sh", "-c", "java=$1; shift; exec \"$java\" "
                + String.join(" ", jvmOptions) + " \"$@\"", "sh"));
        return WadnsProcess.start(jar, zones, List.of(ORIGIN), work.resolve("wadns"),
                List.of(InetAddress.getByName("127.0.0.1")), false, serveArguments, launcher);
    }

    private Run script(Path target, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), target.toString(), jar.toString(),
                zones.toString()));
        command.addAll(List.of(jvmOptions));
        Run run = run(command);
        Path log = target.resolveSibling(target.getFileName() + ".log");
        return new Run(run.stderr(), Files.isRegularFile(log) ? Files.readString(log) : "(no log)");
    }

    /** What the script said, and the log of its training run (shown when an archive was not made). */
    private record Run(String stderr, String log) {
        Run(String stderr) {
            this(stderr, "");
        }

        /** Asserts the script made {@code archive}, showing the training run's log when it did not. */
        Run made(Path archive) {
            assertThat(stderr).as("the training run's log:%n%s", log).contains("made " + archive);
            return this;
        }
    }

    private Run run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA", Tools.java().toString());
        Process process = builder.start();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the script ends").isTrue();
        String text = new String(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("the script never fails the start: " + text).isZero();
        return new Run(text);
    }
}
