package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;

/**
 * Keys made by BIND's dnssec-keygen and by ldns-keygen load, sign an RRset that dnsjava verifies, and
 * give the DS record that BIND's dnssec-dsfromkey computes.
 */
class ExternalKeysTest {
  static final Name ZONE = Name.fromConstantString("example.test.");

  @TempDir Path dir;

  static Stream<Arguments> bindKeys() {
    return Stream.of(
        Arguments.of(KeyAlgorithm.ECDSAP256SHA256, new String[] {"-a", "ECDSAP256SHA256"}, false),
        Arguments.of(KeyAlgorithm.ECDSAP256SHA256, new String[] {"-a", "ECDSAP256SHA256", "-f", "KSK"}, true),
        Arguments.of(KeyAlgorithm.ED25519, new String[] {"-a", "ED25519"}, false),
        Arguments.of(KeyAlgorithm.ED25519, new String[] {"-a", "ED25519", "-f", "KSK"}, true),
        Arguments.of(KeyAlgorithm.RSASHA256, new String[] {"-a", "RSASHA256", "-b", "2048"}, false),
        Arguments.of(KeyAlgorithm.RSASHA256, new String[] {"-a", "RSASHA256", "-b", "2048", "-f", "KSK"}, true));
  }

  @ParameterizedTest(name = "dnssec-keygen {1}")
  @MethodSource("bindKeys")
  void bindKeySignsAndItsDsMatchesDnssecDsfromkey(KeyAlgorithm algorithm, String[] options, boolean sep)
      throws Exception {
    Path keygen = ExternalTools.require("dnssec-keygen", "bind9-utils");
    String base = ExternalTools.run(dir, concat(new String[] {keygen.toString(), "-q", "-K", dir.toString()},
        options, new String[] {ZONE.toString()})).strip();
    ZoneKey key = loadOnly(algorithm, sep);
    assertThat(key.source()).isEqualTo(base);
    signAndVerify(key);
    assertDsMatchesBind(key, base);
  }

  static Stream<Arguments> ldnsKeys() {
    return Stream.of(
        Arguments.of(KeyAlgorithm.ECDSAP256SHA256, new String[] {"-a", "ECDSAP256SHA256"}, false),
        Arguments.of(KeyAlgorithm.ECDSAP256SHA256, new String[] {"-a", "ECDSAP256SHA256", "-k"}, true),
        Arguments.of(KeyAlgorithm.ED25519, new String[] {"-a", "ED25519"}, false),
        Arguments.of(KeyAlgorithm.RSASHA256, new String[] {"-a", "RSASHA256", "-b", "2048", "-k"}, true));
  }

  @ParameterizedTest(name = "ldns-keygen {1}")
  @MethodSource("ldnsKeys")
  void ldnsKeySignsAndItsDsMatchesDnssecDsfromkey(KeyAlgorithm algorithm, String[] options, boolean sep)
      throws Exception {
    Path keygen = ExternalTools.require("ldns-keygen", "ldnsutils");
    String base = ExternalTools.run(dir, concat(new String[] {keygen.toString()}, options,
        new String[] {ZONE.toString()})).strip();
    ZoneKey key = loadOnly(algorithm, sep);
    assertThat(key.source()).isEqualTo(base);
    assertThat(key.timing()).isEqualTo(KeyTiming.ALWAYS);
    signAndVerify(key);
    assertDsMatchesBind(key, base);
  }

  @Test
  void bindTimingOptionsBecomeKeyStates() throws Exception {
    Path keygen = ExternalTools.require("dnssec-keygen", "bind9-utils");
    ExternalTools.run(dir, keygen.toString(), "-q", "-K", dir.toString(), "-a", "ECDSAP256SHA256",
        "-P", "20300101000000", "-A", "20300201000000", "-I", "20300301000000", "-D", "20300401000000",
        ZONE.toString());
    ZoneKey key = loadOnly(KeyAlgorithm.ECDSAP256SHA256, false);
    assertThat(key.stateAt(Instant.parse("2029-12-31T23:59:59Z"))).isEqualTo(KeyState.UNPUBLISHED);
    assertThat(key.stateAt(Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(KeyState.PUBLISHED);
    assertThat(key.stateAt(Instant.parse("2030-02-01T00:00:00Z"))).isEqualTo(KeyState.ACTIVE);
    assertThat(key.stateAt(Instant.parse("2030-03-01T00:00:00Z"))).isEqualTo(KeyState.RETIRED);
    assertThat(key.stateAt(Instant.parse("2030-04-01T00:00:00Z"))).isEqualTo(KeyState.REMOVED);
    assertThat(key.timing().created()).isPresent();
  }

  @Test
  void bindPublishWithoutActivateIsAPrePublishedKey() throws Exception {
    Path keygen = ExternalTools.require("dnssec-keygen", "bind9-utils");
    ExternalTools.run(dir, keygen.toString(), "-q", "-K", dir.toString(), "-a", "ED25519",
        "-P", "now", "-A", "none", ZONE.toString());
    ZoneKey key = loadOnly(KeyAlgorithm.ED25519, false);
    assertThat(key.stateAt(key.timing().publish().orElseThrow().plusSeconds(3600))).isEqualTo(KeyState.PUBLISHED);
  }

  private ZoneKey loadOnly(KeyAlgorithm algorithm, boolean sep) throws IOException {
    KeyDirectory.Result r = KeyDirectory.load(dir, Name.fromConstantString("EXAMPLE.test."));
    assertThat(r.problems()).isEmpty();
    assertThat(r.keys().keys()).hasSize(1);
    ZoneKey key = r.keys().keys().get(0);
    assertThat(key.algorithm()).isEqualTo(algorithm);
    assertThat(key.isSep()).isEqualTo(sep);
    assertThat(key.zone()).isEqualTo(ZONE);
    return key;
  }

  static void signAndVerify(ZoneKey key) throws Exception {
    RRset rrset = Signatures.sampleRrset(key.zone());
    Signatures.assertVerifies(rrset, Signatures.dnsjavaSign(rrset, key), key);
  }

  /** dnssec-dsfromkey -2 prints {@code example.test. IN DS 12345 13 2 HEX}. */
  void assertDsMatchesBind(ZoneKey key, String base) {
    Path dsfromkey = ExternalTools.require("dnssec-dsfromkey", "bind9-utils");
    String bind = ExternalTools.run(dir, dsfromkey.toString(), "-2", dir.resolve(base + ".key").toString());
    assertThat(normalize(key.ds().rdataToString())).isEqualTo(normalize(bind.strip().replaceFirst("^.*\\bDS\\s+", "")));
  }

  static String normalize(String rdata) {
    return rdata.replaceAll("\\s+", " ").toUpperCase();
  }

  static String[] concat(String[]... parts) {
    return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
  }
}
