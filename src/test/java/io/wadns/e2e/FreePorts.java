package io.wadns.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds loopback ports that are free for both UDP and TCP at the time of the call. */
final class FreePorts {
    private static final int MAX_ATTEMPTS = 50;

    private FreePorts() {}

    /**
     * Binds a TCP socket on port 0, then tries to bind a UDP socket on the same port; returns the port once
     * both succeed. The sockets are closed again, so a caller must still cope with losing a race for the port
     * (the process classes retry start-up on a new port).
     */
    static int udpAndTcp(InetAddress address) {
        IOException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(address, 0));
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(null)) {
                    udp.setReuseAddress(false);
                    udp.bind(new InetSocketAddress(address, port));
                    return port;
                } catch (IOException busyUdp) {
                    last = busyUdp;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + address
                + " after " + MAX_ATTEMPTS + " attempts", last);
    }

    static int udpAndTcp() {
        return udpAndTcp(InetAddress.getLoopbackAddress());
    }
}
