package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

/** {@code wadns keygen} and {@code wadns ds}: what they write, print and refuse, and that keys load back. */
class KeygenCommandTest {
  static final Name ZONE = Name.fromConstantString("example.test.");

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static String dsLine(Run keygen) {
    List<String> lines = keygen.out().strip().lines().toList();
    return lines.get(lines.size() - 1);
  }

  @ParameterizedTest(name = "--algorithm {0}")
  @CsvSource({"13, ECDSAP256SHA256", "ECDSAP256SHA256, ECDSAP256SHA256", "15, ED25519", "ed25519, ED25519",
      "8, RSASHA256", "RSASHA256, RSASHA256"})
  void keygenWritesACskThatLoadsBackAndSigns(String option, KeyAlgorithm algorithm) throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    Run r = run("keygen", "example.test", "--keys", dir.toString(), "--algorithm", option);
    assertThat(r.code()).as(r.err()).isZero();
    KeyDirectory.Result loaded = KeyDirectory.load(dir, ZONE);
    assertThat(loaded.problems()).isEmpty();
    ZoneKey key = loaded.keys().keys().get(0);
    assertThat(key.algorithm()).isEqualTo(algorithm);
    assertThat(key.dnskey().getFlags()).isEqualTo(257);
    assertThat(key.timing().created()).get().matches(t -> !t.isBefore(before) && t.isBefore(Instant.now().plusSeconds(1)));
    assertThat(key.timing().publish()).isEqualTo(key.timing().created());
    assertThat(key.timing().activate()).isEqualTo(key.timing().created());
    assertThat(key.stateAt(Instant.now().plusSeconds(1))).isEqualTo(KeyState.ACTIVE);
    assertThat(dsLine(r)).isEqualTo("example.test. IN DS " + key.ds().rdataToString());
    Path priv = dir.resolve(key.source() + ".private");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
    ExternalKeysTest.signAndVerify(key);
  }

  @Test
  void keygenByDefaultMakesAnEcdsaKeyAndDsPrintsTheSameRecord() {
    Run keygen = run("keygen", "example.test.", "--keys", dir.toString());
    assertThat(keygen.code()).isZero();
    assertThat(keygen.out()).contains("(CSK, ECDSAP256SHA256, key tag ");
    Run ds = run("ds", "EXAMPLE.test", "--keys", dir.toString());
    assertThat(ds.code()).isZero();
    assertThat(ds.out().strip()).isEqualTo(dsLine(keygen));
    assertThat(dsLine(keygen)).matches("example\\.test\\. IN DS \\d+ 13 2 [0-9A-F]{64}");
  }

  @Test
  void twoKeygensMakeTwoKeysAndDsPrintsBoth() {
    assertThat(run("keygen", "example.test", "--keys", dir.toString()).code()).isZero();
    assertThat(run("keygen", "example.test", "--keys", dir.toString(), "--algorithm", "15").code()).isZero();
    assertThat(KeyDirectory.load(dir, ZONE).keys().keys()).hasSize(2);
    assertThat(run("ds", "example.test", "--keys", dir.toString()).out().lines()).hasSize(2);
  }

  @Test
  void theWriterNeverOverwritesAKeyFile() throws IOException {
    ZoneKey key = new KeyGenerator(new SecureRandom()).generateCsk(ZONE, KeyAlgorithm.ED25519, Instant.EPOCH, Set.of());
    KeyFileWriter.Written first = KeyFileWriter.write(dir, key);
    String before = Files.readString(first.privateFile());
    assertThatThrownBy(() -> KeyFileWriter.write(dir, key)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(first.privateFile())).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temporary file left").hasSize(2);
    }
  }

  @Test
  void keygenAvoidsTheKeyTagsInUse() {
    KeyGenerator g = new KeyGenerator(new SecureRandom());
    ZoneKey first = g.generateCsk(ZONE, KeyAlgorithm.ED25519, Instant.EPOCH, Set.of());
    assertThat(first.timing()).isEqualTo(KeyTiming.activeFrom(Instant.EPOCH));
    for (int i = 0; i < 20; i++) {
      assertThat(g.generateCsk(ZONE, KeyAlgorithm.ED25519, Instant.EPOCH, Set.of(first.tag())).tag())
          .isNotEqualTo(first.tag());
    }
  }

  @Test
  void unknownAlgorithmIsABadCommandLine() {
    Run r = run("keygen", "example.test", "--keys", dir.toString(), "--algorithm", "7");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("wadns keygen: Invalid value for option '--algorithm': unsupported algorithm '7'");
  }

  @Test
  void missingZoneIsABadCommandLine() {
    Run r = run("ds", "--keys", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void keygenIntoAMissingFolderFails() {
    Run r = run("keygen", "example.test", "--keys", dir.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("nope: not a directory");
  }

  @Test
  void dsWithoutSepKeyFailsAndSaysHowToMakeOne() {
    Run r = run("ds", "example.test", "--keys", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no SEP key (flags 257) for example.test.; make one with: wadns keygen");
  }

  @Test
  void dsWithAReadablePrivateFileFailsNamingItAndTheFix() throws IOException {
    assertThat(run("keygen", "example.test", "--keys", dir.toString()).code()).isZero();
    Path priv;
    try (var files = Files.list(dir)) {
      priv = files.filter(p -> p.toString().endsWith(".private")).findFirst().orElseThrow();
    }
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
    Run r = run("ds", "example.test", "--keys", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(priv + ":0: private key is readable or writable by other users").contains("chmod 600 " + priv);
  }
}
