package io.wadns.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Debian's unbound as a validating resolver in the foreground on a free loopback port: a stub zone to the
 * server under test, that zone's DS as the only trust anchor, and no cache (every query goes upstream, so a
 * weighted name shows every pick).
 */
final class UnboundProcess implements AutoCloseable {
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final ManagedProcess process;
    private final InetSocketAddress address;

    private UnboundProcess(ManagedProcess process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    InetSocketAddress address() {
        return address;
    }

    String output() {
        return process.output();
    }

    /** Starts unbound validating {@code zone} with {@code ds} (a DS record in presentation form) as its anchor. */
    static UnboundProcess start(Path unbound, Name zone, String ds, InetSocketAddress upstream, Path workDir)
            throws IOException, InterruptedException {
        String lastFailure = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path dir = Files.createDirectories(workDir.resolve("unbound-" + attempt));
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            int port = FreePorts.udpAndTcp(loopback);
            Path conf = dir.resolve("unbound.conf");
            Files.writeString(conf, config(port, dir, zone, ds, upstream), StandardCharsets.UTF_8);
            ManagedProcess process = ManagedProcess.start("unbound", List.of(unbound.toString(), "-d", "-c",
                    conf.toString()), ManagedProcess.logFile("unbound-" + attempt));
            InetSocketAddress address = new InetSocketAddress(loopback, port);
            String problem = awaitAnswer(address, zone, process);
            if (problem == null) {
                return new UnboundProcess(process, address);
            }
            process.close();
            lastFailure = "attempt " + attempt + " on port " + port + ": " + problem + "\n" + process.output();
        }
        throw new AssertionError("unbound did not become ready:\n" + lastFailure);
    }

    static String config(int port, Path dir, Name zone, String ds, InetSocketAddress upstream) {
        return """
            server:
              interface: 127.0.0.1@%1$d
              port: %1$d
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "%2$s"
              pidfile: "%2$s/unbound.pid"
              use-syslog: no
              logfile: ""
              verbosity: 1
              val-log-level: 2
              do-not-query-localhost: no
              trust-anchor: "%3$s"
              module-config: "validator iterator"
              access-control: 127.0.0.0/8 allow
              qname-minimisation: no
              cache-max-ttl: 0
              cache-max-negative-ttl: 0
              aggressive-nsec: no
              do-ip6: no
              num-threads: 1
            remote-control:
              control-enable: no
            stub-zone:
              name: "%4$s"
              stub-addr: %5$s@%6$d
            """.formatted(port, dir, ds, zone, upstream.getAddress().getHostAddress(), upstream.getPort());
    }

    /** A recursive query with DO through unbound; the response as unbound gives it (AD when validated). */
    Message ask(Name name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        return new Message(DnsWire.udp(address, query.toWire(), Duration.ofSeconds(5), 2));
    }

    private static String awaitAnswer(InetSocketAddress address, Name zone, ManagedProcess process)
            throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "not polled";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "process exited";
            }
            try {
                Message query = Message.newQuery(Record.newRecord(zone, org.xbill.DNS.Type.SOA, DClass.IN));
                Message answer = new Message(DnsWire.udp(address, query.toWire(), Duration.ofMillis(500), 1));
                if (answer.getRcode() == Rcode.NOERROR && answer.getHeader().getFlag(Flags.QR)) {
                    return null;
                }
                last = Rcode.string(answer.getRcode());
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        return last;
    }

    @Override
    public void close() {
        process.close();
    }
}
