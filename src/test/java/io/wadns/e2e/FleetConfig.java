package io.wadns.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The wadns configuration files of the fleet tests: the TSIG key {@code xfr} in a file only its owner
 * reads, a primary that offers its zones to that key, and a secondary that asks without one.
 */
final class FleetConfig {
    private FleetConfig() {}

    /** {@code work/xfr.key} with {@link FleetIT#SECRET}, mode 600; written once. */
    static Path keyFile(Path work) throws IOException {
        Path secret = work.resolve("xfr.key");
        if (!Files.exists(secret)) {
            Files.writeString(secret, FleetIT.SECRET + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        return secret;
    }

    /**
     * {@code work/<name>}: a primary of {@code zones} whose transfers need key xfr; {@code extra} follows
     * {@code transfer.allow} (more {@code transfer} keys indented, then top-level ones).
     */
    static Path primary(Path work, String name, Path zones, String extra) throws IOException {
        keyFile(work);
        Path config = work.resolve(name);
        Files.writeString(config, """
                zones: %s
                tsig:
                  - {name: xfr, algorithm: hmac-sha256, secret-file: xfr.key}
                transfer:
                  allow: ["key xfr"]
                """.formatted(zones) + extra);
        return config;
    }

    /** {@code work/<name>}: a secondary of example.com. from {@code primaryPort} on 127.0.0.1, without a key. */
    static Path unsignedSecondary(Path work, String name, int primaryPort) throws IOException {
        Path config = work.resolve(name);
        Files.writeString(config, """
                secondary:
                  store: store
                  zones:
                    - {name: example.com., primaries: ["127.0.0.1:%d"]}
                """.formatted(primaryPort));
        return config;
    }
}
