package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged and random input never makes the reader throw or loop, and every message stays short
 * and printable: zone files are untrusted input.
 */
class HostileInputTest {
  private static final byte[] SPECIAL = "()\";\\$@. \t\n\r#0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  @Timeout(20)
  void damagedZonesAreReportedNeverThrown(long seed) throws IOException {
    byte[] zone = Files.readAllBytes(Path.of("zones/example.com.zone"));
    Random random = new Random(seed);
    for (int round = 0; round < 50; round++) {
      byte[] damaged = zone.clone();
      int damage = 1 + random.nextInt(20);
      for (int i = 0; i < damage; i++) {
        int at = random.nextInt(damaged.length);
        damaged[at] = random.nextBoolean() ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
      }
      check(damaged);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  @Timeout(20)
  void randomBytesAreReportedNeverThrown(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      byte[] noise = new byte[random.nextInt(100_000)];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = random.nextInt(3) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) (1 + random.nextInt(255));
      }
      check(noise);
    }
  }

  private static void check(byte[] text) {
    ZoneTextReport report = ZoneTextReader.create().withOrigin("example.com.").read("zone", text, new ReadRecords());
    assertThat(report.problems()).hasSizeLessThanOrEqualTo(ZoneFileParser.MAX_PROBLEMS + 1);
    for (ZoneTextProblem problem : report.problems()) {
      assertThat(problem.message().length()).as(problem.message()).isLessThan(220);
      assertThat(problem.message().chars()).as(problem.message()).allMatch(c -> c >= 0x20 && c < 0x7F || c == '§');
    }
  }
}
