package io.wadns.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * knotd as the primary of a wadns secondary: it serves one zone file, allows transfers signed with key
 * {@code xfr} and sends NOTIFY, signed with it, to the secondary. A change of the zone file followed by
 * {@link #reload} makes Knot compute the difference (its journal), so the secondary gets it by IXFR.
 */
final class KnotPrimary implements AutoCloseable {
    private final ManagedProcess process;
    private final InetSocketAddress address;
    private final Path knotc;
    private final Path socket;

    private KnotPrimary(ManagedProcess process, InetSocketAddress address, Path knotc, Path socket) {
        this.process = process;
        this.address = address;
        this.knotc = knotc;
        this.socket = socket;
    }

    /** Starts knotd on {@code port} of 127.0.0.1 serving {@code zone} from {@code file}, notifying {@code notify}. */
    static KnotPrimary start(Path knotd, int port, Name zone, Path file, InetSocketAddress notify, String secret,
            Path dir) throws IOException, InterruptedException {
        return start(knotd, port, zone, file, notify, secret, dir, false);
    }

    /**
     * As {@link #start(Path, int, Name, Path, InetSocketAddress, String, Path)}; with {@code signing}, Knot
     * signs the zone itself ({@code dnssec-signing: on}, its default policy: a new ECDSA key in its database)
     * and transfers it signed.
     */
    static KnotPrimary start(Path knotd, int port, Name zone, Path file, InetSocketAddress notify, String secret,
            Path dir, boolean signing) throws IOException, InterruptedException {
        return start(knotd, port, zone, file, notify, secret, dir, signing ? Signing.NSEC : Signing.NONE);
    }

    /** How Knot signs the zone: not at all, or with its default policy and an NSEC or an NSEC3 chain. */
    enum Signing { NONE, NSEC, NSEC3 }

    /**
     * As {@link #start(Path, int, Name, Path, InetSocketAddress, String, Path, boolean)}; with {@link
     * Signing#NSEC3}, Knot's policy has {@code nsec3: on} and its defaults for the rest: an 8-octet salt,
     * no extra iterations, no opt-out.
     */
    static KnotPrimary start(Path knotd, int port, Name zone, Path file, InetSocketAddress notify, String secret,
            Path dir, Signing signing) throws IOException, InterruptedException {
        return start(knotd, port, zone, file, notify, secret, dir, signing, true);
    }

    /**
     * As {@link #start(Path, int, Name, Path, InetSocketAddress, String, Path, Signing)}; without {@code
     * keyed}, Knot transfers the zone unsigned to any client on 127.0.0.1 instead of to key xfr.
     */
    static KnotPrimary start(Path knotd, int port, Name zone, Path file, InetSocketAddress notify, String secret,
            Path dir, Signing signing, boolean keyed) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("knot.conf");
        StringBuilder c = new StringBuilder();
        c.append(KnotConfigHead.of(port, dir, secret, notify));
        if (signing == Signing.NSEC3) {
            c.append("""
                    policy:
                      - id: nsec3
                        nsec3: on
                    """);
        }
        c.append("""
                acl:
                  - id: transfer_to_wadns
                    %3$s
                    action: transfer
                zone:
                  - domain: %1$s
                    file: "%2$s"
                    zonefile-load: difference
                    journal-content: changes
                    zonefile-sync: -1
                    notify: wadns
                    acl: transfer_to_wadns
                """.formatted(zone, file.toAbsolutePath(), keyed ? "key: xfr" : "address: 127.0.0.1"));
        if (signing != Signing.NONE) {
            c.append("    dnssec-signing: on\n");
        }
        if (signing == Signing.NSEC3) {
            c.append("    dnssec-policy: nsec3\n");
        }
        Files.writeString(conf, c.toString(), StandardCharsets.UTF_8);
        ManagedProcess process = ManagedProcess.start("knotd", List.of(knotd.toString(), "-c", conf.toString()),
                ManagedProcess.logFile("knotd-primary"));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        String problem = Readiness.awaitSoa(address, List.of(zone), Duration.ofSeconds(30), process::isAlive);
        if (problem != null) {
            process.close();
            throw new AssertionError("knotd (primary) did not start: " + problem + "\n" + process.output());
        }
        Path knotc = Tools.require("knotc", "knot", "/usr/sbin/knotc", "/usr/local/sbin/knotc");
        return new KnotPrimary(process, address, knotc, dir.resolve("knot.sock"));
    }

    InetSocketAddress address() {
        return address;
    }

    String output() {
        return process.output();
    }

    /** {@code knotc zone-reload}: Knot reads the zone file again, journals the difference and sends NOTIFY. */
    void reload(Name zone) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(knotc.toString(), "-s", socket.toString(), "zone-reload", zone.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("knotc zone-reload did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("knotc zone-reload failed: " + out);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
