package io.wadns.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/** knotd (Knot DNS, from the Debian package "knot") serving given zone files on a free loopback port. */
final class KnotProcess implements ServerUnderTest {
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final ManagedProcess process;
    private final InetSocketAddress address;

    private KnotProcess(ManagedProcess process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /**
     * Starts knotd in the foreground on {@code zoneFiles} (domain name to absolute zone file path), with all
     * state in {@code workDir}. Retries on a fresh port if the first one was taken in the meantime.
     */
    static KnotProcess start(Path knotd, Map<Name, Path> zoneFiles, Path workDir)
            throws IOException, InterruptedException {
        String lastFailure = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path dir = Files.createDirectories(workDir.resolve("knot-" + attempt));
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            int port = FreePorts.udpAndTcp(loopback);
            Path conf = dir.resolve("knot.conf");
            Files.writeString(conf, config(port, dir, zoneFiles), StandardCharsets.UTF_8);
            ManagedProcess process = ManagedProcess.start("knotd",
                    List.of(knotd.toString(), "-c", conf.toString(), "-s", dir.resolve("knot.sock").toString()),
                    ManagedProcess.logFile("knotd-" + attempt));
            InetSocketAddress address = new InetSocketAddress(loopback, port);
            String problem = Readiness.awaitSoa(address, zoneFiles.keySet(), READY_TIMEOUT, process::isAlive);
            if (problem == null) {
                return new KnotProcess(process, address);
            }
            process.close();
            lastFailure = "attempt " + attempt + " on port " + port + ": " + problem + "\n" + process.output();
        }
        throw new AssertionError("knotd did not become ready:\n" + lastFailure);
    }

    static String config(int port, Path dir, Map<Name, Path> zoneFiles) {
        StringBuilder conf = new StringBuilder();
        conf.append("server:\n")
                .append("    listen: 127.0.0.1@").append(port).append('\n')
                .append("    rundir: \"").append(dir).append("\"\n");
        if ("root".equals(System.getProperty("user.name"))) {
            conf.append("    user: root\n");
        }
        conf.append("    udp-workers: 1\n")
                .append("    tcp-workers: 1\n")
                .append("    background-workers: 1\n")
                // No CHAOS-class identity/version answers: a CH query must be REFUSED like in wadns.
                .append("    identity: \"\"\n")
                .append("    version: \"\"\n")
                .append("control:\n")
                .append("    listen: \"").append(dir.resolve("knot.sock")).append("\"\n")
                .append("log:\n")
                .append("  - target: stdout\n")
                .append("    any: info\n")
                .append("database:\n")
                .append("    storage: \"").append(dir).append("\"\n")
                .append("template:\n")
                .append("  - id: default\n")
                .append("    zonefile-load: whole\n")
                .append("    journal-content: none\n")
                .append("    zonefile-sync: -1\n")
                .append("zone:\n");
        zoneFiles.forEach((domain, file) -> conf.append("  - domain: ").append(domain).append('\n')
                .append("    file: \"").append(file.toAbsolutePath()).append("\"\n"));
        return conf.toString();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String name() {
        return "knot";
    }

    @Override
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
