package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.cli.CommandLineTest.Run;
import io.wadns.testing.TestZones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --http-token-file}: a token file that others can read, or an empty one, stops the start. */
class HttpTokenFileOptionTest {
  @TempDir Path dir;

  Run serveWithToken(String content, String mode) throws Exception {
    TestZones.write(dir, "example.com.zone", CommandLineTest.GOOD);
    Path token = dir.resolve("http.token");
    Files.writeString(token, content);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString(mode));
    return CommandLineTest.run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:0", "--http",
        "127.0.0.1:0", "--http-token-file", token.toString());
  }

  @Test
  void aTokenFileOthersCanReadStopsTheStartWithOneLine() throws Exception {
    Run r = serveWithToken("0123456789abcdef0123456789abcdef\n", "rw-r--r--");

    assertThat(r.code()).isEqualTo(1);
    Path token = dir.resolve("http.token");
    assertThat(r.err().strip()).isEqualTo("wadns: --http-token-file " + token
        + ": readable or writable by group or others (rw-r--r--); chmod 600 " + token);
    assertThat(r.err()).doesNotContain("0123456789abcdef");
  }

  @Test
  void anEmptyTokenFileStopsTheStartWithOneLine() throws Exception {
    Run r = serveWithToken("", "rw-------");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("empty; write one token in it");
  }

  @Test
  void serveHelpDescribesTheOption() {
    Run r = CommandLineTest.run("serve", "--help");

    assertThat(r.out()).contains("--http-token-file=PATH");
  }
}
