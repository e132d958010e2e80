package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.cli.CommandLineTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --config FILE}: the file fills in what flags leave out, and its errors stop the start. */
class ConfigFileOptionTest {
  @TempDir Path dir;

  @Test
  void aBadFileIsAUsageErrorNamingItsLine() throws Exception {
    Path file = dir.resolve("wadns.yaml");
    Files.writeString(file, "zones: zones\nlisen: 127.0.0.1:53\n");
    Run r = CommandLineTest.run("serve", "--config", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("wadns serve: " + file + ":2: lisen: unknown key 'lisen'");
  }

  @Test
  void theFileGivesTheZonesFolderUnlessTheFlagDoes() throws Exception {
    Path file = dir.resolve("wadns.yaml");
    Files.createDirectories(dir.resolve("from-file"));
    Files.createDirectories(dir.resolve("from-flag"));
    Files.writeString(file, "zones: from-file\nlisten: 127.0.0.1:0\n");
    Run fromFile = CommandLineTest.run("serve", "--config", file.toString());
    assertThat(fromFile.code()).isEqualTo(1);
    assertThat(fromFile.err()).contains("no zone could be loaded from " + dir.resolve("from-file"));
    Run fromFlag = CommandLineTest.run("serve", "--config", file.toString(), "--zones",
        dir.resolve("from-flag").toString());
    assertThat(fromFlag.code()).isEqualTo(1);
    assertThat(fromFlag.err()).contains("no zone could be loaded from " + dir.resolve("from-flag"));
  }
}
