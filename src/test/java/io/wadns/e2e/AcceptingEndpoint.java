package io.wadns.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP endpoint for health checks that accepts each connection and closes it at once, on a daemon
 * thread: a socket that listened and never accepted would fill its backlog with probes and, after some
 * seconds, time them out as if the endpoint were down.
 */
final class AcceptingEndpoint implements AutoCloseable {
    private final ServerSocket socket;

    AcceptingEndpoint(InetAddress address) throws IOException {
        socket = new ServerSocket(0, 50, address);
        Thread acceptor = new Thread(this::acceptAll, "accepting-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                // accepted: the probe's connect succeeded, and it is closed again
            } catch (IOException closedOrReset) {
                // closed: the loop ends; reset by the prober: go on
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
