package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** What the packaged jar asks of the JVM that runs it with {@code java -jar}. */
class JarManifestIT {
    @Test
    void theJarRunsServeAndOpensTheFileSystemPackageForOneStatPerFile() throws IOException {
        try (JarFile jar = new JarFile(Tools.wadnsJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo("io.wadns.cli.Main");
            // Without it a reload of 10,000 zone files stats them through the unix view (UnixStat).
            assertThat(main.getValue("Add-Opens")).isEqualTo("java.base/sun.nio.fs");
        }
    }
}
