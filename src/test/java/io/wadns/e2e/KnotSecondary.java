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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * knotd as a secondary of a wadns primary: the zones come by transfer, signed with one TSIG key, and
 * NOTIFY from the primary's address is accepted with that key. With a catalog zone, Knot interprets it
 * (RFC 9432) and follows every member from the same primary.
 */
final class KnotSecondary implements AutoCloseable {
    private final ManagedProcess process;
    private final InetSocketAddress address;

    private KnotSecondary(ManagedProcess process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /**
     * Starts knotd on {@code port} of 127.0.0.1, following {@code zones} (and, when not null, the catalog
     * {@code catalog}) from {@code primary} with key {@code xfr} ({@code hmac-sha256}, {@code secret}).
     */
    static KnotSecondary start(Path knotd, int port, InetSocketAddress primary, String secret, List<Name> zones,
            Name catalog, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("knot.conf");
        Files.writeString(conf, config(port, primary, secret, zones, catalog, dir), StandardCharsets.UTF_8);
        ManagedProcess process = ManagedProcess.start("knotd",
                List.of(knotd.toString(), "-c", conf.toString()), ManagedProcess.logFile("knotd-secondary"));
        return new KnotSecondary(process, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    }

    static String config(int port, InetSocketAddress primary, String secret, List<Name> zones, Name catalog,
            Path dir) {
        StringBuilder c = new StringBuilder();
        c.append(KnotConfigHead.of(port, dir, secret, primary));
        c.append("""
                acl:
                  - id: notify_from_wadns
                    address: %1$s
                    key: xfr
                    action: notify
                template:
                  - id: default
                    master: wadns
                    acl: notify_from_wadns
                    zonefile-sync: -1
                    zonefile-load: none
                    journal-content: changes
                  - id: members
                    master: wadns
                    acl: notify_from_wadns
                    zonefile-sync: -1
                    zonefile-load: none
                    journal-content: changes
                zone:
                """.formatted(primary.getAddress().getHostAddress()));
        for (Name z : zones) {
            c.append("  - domain: ").append(z).append('\n');
        }
        if (catalog != null) {
            c.append("  - domain: ").append(catalog).append('\n')
                    .append("    catalog-role: interpret\n")
                    .append("    catalog-template: members\n");
        }
        return c.toString();
    }

    InetSocketAddress address() {
        return address;
    }

    String output() {
        return process.output();
    }

    /** Knot's SOA serial of {@code zone}, or -1 while it has none to serve. */
    long serial(Name zone) {
        try {
            Message q = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
            Message r = new Message(DnsWire.udp(address, q.toWire(), Duration.ofMillis(300), 1));
            if (r.getRcode() != Rcode.NOERROR) {
                return -1;
            }
            for (Record rr : r.getSection(Section.ANSWER)) {
                if (rr instanceof SOARecord soa) {
                    return soa.getSerial();
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits (bounded) until Knot serves {@code zone} at {@code serial}; fails with Knot's log when it does not. */
    void awaitSerial(Name zone, long serial, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (serial(zone) == serial) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("knotd does not serve " + zone + " serial " + serial + " (it has " + serial(zone)
                + ") within " + timeout + "; its log:\n" + output());
    }

    @Override
    public void close() {
        process.close();
    }
}
