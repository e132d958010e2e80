package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A zone signed entirely by this package, with each algorithm and with NSEC and NSEC3, passes BIND's
 * dnssec-verify and ldns-verify-zone: every RRSIG valid, the chain complete and in order.
 */
class SignedZoneToolsTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(KeyAlgorithm.values())
        .flatMap(a -> Stream.of(Arguments.of(a, false), Arguments.of(a, true)));
  }

  Path signedZone(KeyAlgorithm algorithm, boolean nsec3) throws Exception {
    // The tools check validity against the real clock: sign from an hour ago for a week.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ZoneKey key = new KeyGenerator(new SecureRandom()).generateCsk(SignedZone.APEX, algorithm, now, Set.of());
    Path file = dir.resolve("signed.zone");
    Files.writeString(file, SignedZone.sign(key, nsec3, now.minusSeconds(3600), now.plusSeconds(7 * 86400)));
    return file;
  }

  @ParameterizedTest(name = "{0}, NSEC3 {1}")
  @MethodSource("cases")
  void dnssecVerifyAcceptsTheZone(KeyAlgorithm algorithm, boolean nsec3) throws Exception {
    Path verify = ExternalTools.require("dnssec-verify", "bind9-utils");
    Path zone = signedZone(algorithm, nsec3);
    // -z: the one key is a CSK, so the KSK flag does not limit what it signs.
    String out = ExternalTools.run(dir, verify.toString(), "-z", "-o", SignedZone.APEX.toString(), zone.toString());
    assertThat(out).contains("Zone fully signed");
  }

  @ParameterizedTest(name = "NSEC3 {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void dnssecVerifyRejectsTheZoneWithOneChainRecordRemoved(boolean nsec3) throws Exception {
    Path verify = ExternalTools.require("dnssec-verify", "bind9-utils");
    Path zone = signedZone(KeyAlgorithm.ED25519, nsec3);
    String type = nsec3 ? "NSEC3" : "NSEC";
    java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(zone));
    int victim = -1;
    for (int i = 0; i < lines.size() && victim < 0; i++) {
      String[] fields = lines.get(i).split("\t");
      if (fields.length > 3 && fields[3].equals(type) && !fields[0].equals(SignedZone.APEX.toString())) {
        victim = i;
      }
    }
    lines.remove(victim);
    Files.write(zone, lines);
    ExternalTools.Output out = ExternalTools.runAllowingFailure(dir, verify.toString(), "-z", "-o",
        SignedZone.APEX.toString(), zone.toString());
    assertThat(out.code()).as("a broken chain is caught, so the passing runs mean something").isNotZero();
  }

  @ParameterizedTest(name = "{0}, NSEC3 {1}")
  @MethodSource("cases")
  void ldnsVerifyZoneAcceptsTheZone(KeyAlgorithm algorithm, boolean nsec3) throws Exception {
    Path verify = ExternalTools.require("ldns-verify-zone", "ldnsutils");
    Path zone = signedZone(algorithm, nsec3);
    ExternalTools.run(dir, verify.toString(), zone.toString());
  }
}
