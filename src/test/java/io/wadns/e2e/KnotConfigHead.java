package io.wadns.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The part of a knotd configuration that every Knot of the fleet tests shares: one listen address on
 * loopback, one worker of each kind, the control socket, the database and log in {@code dir}, and the
 * TSIG key {@code xfr} (hmac-sha256) that signs transfers and NOTIFY between Knot and wadns, and the
 * remote {@code wadns} that uses it.
 */
final class KnotConfigHead {
    private KnotConfigHead() {}

    /**
     * The {@code server}, {@code control}, {@code log}, {@code database}, {@code key} and {@code remote}
     * sections, the remote being the wadns at {@code wadns}.
     */
    static String of(int port, Path dir, String secret, InetSocketAddress wadns) {
        StringBuilder c = new StringBuilder();
        c.append("server:\n    listen: 127.0.0.1@").append(port).append("\n    rundir: \"").append(dir).append("\"\n");
        if ("root".equals(System.getProperty("user.name"))) {
            c.append("    user: root\n"); // knotd would otherwise drop to a user that cannot read the temp folder
        }
        c.append("""
                    udp-workers: 1
                    tcp-workers: 1
                    background-workers: 1
                control:
                    listen: "%1$s/knot.sock"
                log:
                  - target: stdout
                    any: info
                database:
                    storage: "%1$s"
                key:
                  - id: xfr
                    algorithm: hmac-sha256
                    secret: %2$s
                remote:
                  - id: wadns
                    address: %3$s@%4$d
                    key: xfr
                """.formatted(dir, secret, wadns.getAddress().getHostAddress(), wadns.getPort()));
        return c.toString();
    }
}
