package io.wadns.e2e;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Raw DNS transport over UDP and TCP (RFC 1035 4.2, RFC 7766), with timeouts and bounded retries. */
final class DnsWire {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final int UDP_ATTEMPTS = 3;
    private static final int MAX_STRAY_DATAGRAMS = 16;

    private DnsWire() {}

    static int id(byte[] wire) {
        return ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
    }

    /** Sends {@code query} over UDP and returns the first datagram carrying the same ID. */
    static byte[] udp(InetSocketAddress server, byte[] query) throws IOException {
        return udp(server, query, TIMEOUT, UDP_ATTEMPTS);
    }

    static byte[] udp(InetSocketAddress server, byte[] query, Duration timeout, int attempts) throws IOException {
        int id = id(query);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(server);
            byte[] buffer = new byte[65535];
            for (int attempt = 1; attempt <= attempts; attempt++) {
                socket.send(new DatagramPacket(query, query.length));
                try {
                    for (int stray = 0; stray < MAX_STRAY_DATAGRAMS; stray++) {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        if (packet.getLength() >= 2 && id(buffer) == id) {
                            byte[] out = new byte[packet.getLength()];
                            System.arraycopy(buffer, 0, out, 0, out.length);
                            return out;
                        }
                    }
                } catch (SocketTimeoutException timedOut) {
                    // retry
                }
            }
        }
        throw new SocketTimeoutException("no UDP answer from " + server + " after " + attempts + " attempts");
    }

    /** One query on a fresh TCP connection. */
    static byte[] tcp(InetSocketAddress server, byte[] query) throws IOException {
        return tcpPipelined(server, List.of(query)).get(0);
    }

    /**
     * Writes every query back to back on one TCP connection before reading anything (pipelining, RFC 7766
     * 6.2.1.1), then reads one answer per query; answers may come in any order and are matched by ID, so the
     * queries must carry distinct IDs. The result is in query order.
     */
    static List<byte[]> tcpPipelined(InetSocketAddress server, List<byte[]> queries) throws IOException {
        Map<Integer, byte[]> byId = new HashMap<>();
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (byte[] q : queries) {
                all.write(q.length >>> 8);
                all.write(q.length & 0xff);
                all.write(q);
            }
            out.write(all.toByteArray());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < queries.size(); i++) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException eof) {
                    throw new EOFException("TCP connection to " + server + " closed after " + i + " of "
                            + queries.size() + " answers");
                }
                byte[] answer = new byte[length];
                in.readFully(answer);
                if (length >= 2) {
                    byId.put(id(answer), answer);
                }
            }
        }
        List<byte[]> result = new ArrayList<>();
        for (byte[] q : queries) {
            byte[] answer = byId.get(id(q));
            if (answer == null) {
                throw new IOException("no TCP answer with ID " + id(q) + " from " + server);
            }
            result.add(answer);
        }
        return result;
    }
}
