package io.wadns.e2e;

import java.nio.file.Path;

/**
 * The part of a knotd configuration that every Knot of the fleet tests shares: one listen address on
 * loopback, one worker of each kind, the control socket, the database and log in {@code dir}, and the
 * TSIG key {@code xfr} (hmac-sha256) that signs transfers and NOTIFY between Knot and wadns.
 */
final class KnotConfigHead {
    private KnotConfigHead() {}

    /** The {@code server}, {@code control}, {@code log}, {@code database} and {@code key} sections. */
    static String of(int port, Path dir, String secret) {
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
                """.formatted(dir, secret));
        return c.toString();
    }
}
