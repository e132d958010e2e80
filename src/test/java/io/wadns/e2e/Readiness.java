package io.wadns.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Bounded polling until a server answers an authoritative SOA for every zone over UDP and TCP. */
final class Readiness {
    private Readiness() {}

    /** Returns null when ready, or a description of the last failure when {@code timeout} ran out. */
    static String awaitSoa(InetSocketAddress server, Collection<Name> zones, Duration timeout,
            BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not polled";
        int id = 0x5000;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                return "process exited";
            }
            last = null;
            for (Name zone : zones) {
                String problem = soaProblem(server, zone, ++id & 0xffff);
                if (problem != null) {
                    last = problem;
                    break;
                }
            }
            if (last == null) {
                return null;
            }
            Thread.sleep(100);
        }
        return last;
    }

    /**
     * Waits until {@code http} accepts TCP connections: wadns opens its HTTP port after its DNS ports (once
     * queries are answered), so a test that posts right after the SOA answers could find it closed.
     */
    static String awaitHttp(InetSocketAddress http, Duration timeout, BooleanSupplier alive)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not polled";
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                return "process exited";
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(http, 1000);
                return null;
            } catch (java.io.IOException e) {
                last = "HTTP " + http + ": " + e;
            }
            Thread.sleep(50);
        }
        return last;
    }

    private static String soaProblem(InetSocketAddress server, Name zone, int id) {
        Message query = new Message(id);
        query.addRecord(Record.newRecord(zone, Type.SOA, DClass.IN), org.xbill.DNS.Section.QUESTION);
        byte[] wire = query.toWire();
        try {
            for (boolean tcp : new boolean[] {false, true}) {
                byte[] answerWire = tcp ? DnsWire.tcp(server, wire)
                        : DnsWire.udp(server, wire, Duration.ofMillis(300), 1);
                Message answer = new Message(answerWire);
                if (answer.getRcode() != Rcode.NOERROR || !answer.getHeader().getFlag(Flags.AA)
                        || answer.getSection(org.xbill.DNS.Section.ANSWER).isEmpty()) {
                    return (tcp ? "TCP" : "UDP") + " SOA " + zone + ": " + Rcode.string(answer.getRcode());
                }
            }
            return null;
        } catch (IOException e) {
            return "SOA " + zone + ": " + e;
        }
    }
}
