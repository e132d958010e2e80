package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file of {@code --http-token-file}: what is refused, with what message, and how tokens compare. */
class HttpTokenTest {
  @TempDir Path dir;

  Path file(String content, String mode) throws Exception {
    Path f = dir.resolve("token");
    Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void oneTokenWithAnEndOfLineIsRead() throws Exception {
    HttpToken token = HttpToken.read(file("0123456789abcdef\n", "rw-------"));

    assertThat(token.matches(List.of("Bearer 0123456789abcdef"))).isTrue();
    assertThat(token.matches(List.of("Bearer 0123456789abcdef\n"))).isTrue();
    assertThat(HttpToken.read(file("0123456789abcdef\r\n", "r--------")).matches(List.of("Bearer 0123456789abcdef")))
        .isTrue();
  }

  @Test
  void aFileOthersMayReadOrWriteIsRefusedLikeAnSshKey() throws Exception {
    for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"}) {
      Path f = file("0123456789abcdef\n", mode);
      assertThatThrownBy(() -> HttpToken.read(f)).isInstanceOf(HttpTokenFileException.class)
          .hasMessage("--http-token-file " + f + ": readable or writable by group or others (" + mode
              + "); chmod 600 " + f);
    }
  }

  @Test
  void anEmptyFileOrOneThatIsNotOneTokenIsRefusedWithoutQuotingIt() throws Exception {
    for (String empty : new String[] {"", "\n", "\r\n\n"}) {
      Path f = file(empty, "rw-------");
      assertThatThrownBy(() -> HttpToken.read(f))
          .hasMessage("--http-token-file " + f + ": empty; write one token in it, e.g. openssl rand -hex 32");
    }
    for (String bad : new String[] {"two words\n", "line1\nline2\n", "tab\there", "caf\u00e9", " lead"}) {
      Path f = file(bad, "rw-------");
      assertThatThrownBy(() -> HttpToken.read(f)).hasMessage("--http-token-file " + f
          + ": must hold one token on one line: visible ASCII characters, no spaces");
    }
  }

  @Test
  void aMissingFileADirectoryOrAHugeFileIsRefused() throws Exception {
    Path missing = dir.resolve("nothere");
    assertThatThrownBy(() -> HttpToken.read(missing)).hasMessage("--http-token-file " + missing + ": no such file");
    Path folder = Files.createDirectory(dir.resolve("folder"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    assertThatThrownBy(() -> HttpToken.read(folder)).hasMessage("--http-token-file " + folder
        + ": not a regular file");
    Path huge = file("x".repeat(5000), "rw-------");
    assertThatThrownBy(() -> HttpToken.read(huge)).hasMessageEndingWith("larger than 4096 bytes; it should hold"
        + " one token");
  }

  @Test
  void onlyOneBearerAuthorizationWithTheExactTokenMatches() {
    HttpToken token = HttpToken.of("s3cret");

    assertThat(token.matches(List.of("Bearer s3cret"))).isTrue();
    assertThat(token.matches(List.of("BEARER s3cret"))).isTrue();
    assertThat(token.matches(List.of("Bearer s3cre"))).isFalse();
    assertThat(token.matches(List.of("Bearer s3crett"))).isFalse();
    assertThat(token.matches(List.of("Bearer "))).isFalse();
    assertThat(token.matches(List.of("Bearers3cret"))).isFalse();
    assertThat(token.matches(List.of("Basic s3cret"))).isFalse();
    assertThat(token.matches(List.of())).isFalse();
    assertThat(token.matches(List.of("Bearer s3cret", "Bearer s3cret"))).isFalse();
  }
}
