package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

/** Reading BIND-format key pairs: every algorithm, the checks on each file, and secrets kept secret. */
class KeyFilesTest {
  static final Name COM = Name.fromConstantString("example.com.");
  static final Name ORG = Name.fromConstantString("example.org.");

  @TempDir Path dir;

  ZoneKey readEcdsa() throws KeyFileException {
    return DirectoryKeys.read(TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE));
  }

  static final class DirectoryKeys {
    static ZoneKey read(Path keyFile) throws KeyFileException {
      return KeyDirectory.readKey(keyFile, Optional.empty());
    }
  }

  @Test
  void ecdsaKeyLoadsAndItsSignatureVerifies() throws Exception {
    ZoneKey key = readEcdsa();
    assertThat(key.algorithm()).isEqualTo(KeyAlgorithm.ECDSAP256SHA256);
    assertThat(key.tag()).isEqualTo(45264);
    assertThat(key.isSep()).isTrue();
    assertThat(key.zone()).isEqualTo(COM);
    var rrset = Signatures.sampleRrset(COM);
    Signatures.assertVerifies(rrset, Signatures.dnsjavaSign(rrset, key), key);
  }

  @Test
  void ed25519KeyLoadsWithItsTimingAndItsSignatureVerifies() throws Exception {
    ZoneKey key = DirectoryKeys.read(
        TestKeys.write(dir, TestKeys.ED25519_BASE, TestKeys.ED25519_KEY, TestKeys.ED25519_PRIVATE));
    assertThat(key.algorithm()).isEqualTo(KeyAlgorithm.ED25519);
    assertThat(key.isSep()).isFalse();
    assertThat(key.timing().inactive()).contains(java.time.Instant.parse("2026-12-30T06:32:19Z"));
    var rrset = Signatures.sampleRrset(COM);
    Signatures.assertVerifies(rrset, Signatures.dnsjavaSign(rrset, key), key);
  }

  @Test
  void rsaKeyInLdnsFormatLoadsAndItsSignatureVerifies() throws Exception {
    ZoneKey key = DirectoryKeys.read(TestKeys.write(dir, TestKeys.RSA_BASE, TestKeys.RSA_KEY, TestKeys.RSA_PRIVATE));
    assertThat(key.algorithm()).isEqualTo(KeyAlgorithm.RSASHA256);
    assertThat(key.timing()).isEqualTo(KeyTiming.ALWAYS);
    var rrset = Signatures.sampleRrset(ORG);
    Signatures.assertVerifies(rrset, Signatures.dnsjavaSign(rrset, key), key);
  }

  @Test
  void directoryLoadsTheZonesKeysInAnyCaseAndIgnoresOtherZonesAndFiles() throws IOException {
    TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE);
    TestKeys.write(dir, TestKeys.ED25519_BASE, TestKeys.ED25519_KEY, TestKeys.ED25519_PRIVATE);
    TestKeys.write(dir, TestKeys.RSA_BASE, TestKeys.RSA_KEY, TestKeys.RSA_PRIVATE);
    Files.writeString(dir.resolve("README.key"), "not a key");
    KeyDirectory.Result r = KeyDirectory.load(dir, Name.fromConstantString("EXAMPLE.com."));
    assertThat(r.problems()).isEmpty();
    assertThat(r.keys().keys()).extracting(ZoneKey::tag).containsExactly(45264, 16846);
  }

  @Test
  void groupReadablePrivateFileIsRefusedWithTheFix() throws IOException {
    Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE);
    Path priv = dir.resolve(TestKeys.ECDSA_BASE + ".private");
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile))
        .hasMessage(priv + ":0: private key is readable or writable by other users (mode rw-r-----); run: chmod 600 " + priv);
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw----r--"));
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile)).hasMessageContaining("chmod 600");
  }

  @Test
  void aGroupWritablePrivateFileOrAnOpenFolderIsRefused() throws IOException {
    Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE);
    Path priv = dir.resolve(TestKeys.ECDSA_BASE + ".private");
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw--w----"));
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile)).hasMessageContaining("readable or writable by other users");
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
    assertThat(KeyDirectory.load(dir, COM).ok()).isTrue();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    KeyDirectory.Result open = KeyDirectory.load(dir, COM);
    assertThat(open.ok()).isFalse();
    assertThat(open.problems()).singleElement().asString().contains("writable by every user (mode 777)")
        .contains("chmod o-w");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(KeyDirectory.load(dir, COM).ok()).isTrue();
  }

  @Test
  void oversizedFileIsRefused() throws IOException {
    Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE,
        TestKeys.ECDSA_KEY + ";".repeat(KeyFileText.MAX_BYTES) + "\n", TestKeys.ECDSA_PRIVATE);
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile))
        .hasMessage(keyFile + ":0: larger than 64 KB: not a key file");
  }

  @Test
  void syncTimesAreReadAndGovernTheCds() throws Exception {
    // dnssec-settime -P sync 20261201000000 -D sync 20261210000000
    Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY,
        TestKeys.ECDSA_PRIVATE + "SyncPublish: 20261201000000\nSyncDelete: 20261210000000\n");
    KeyTiming t = DirectoryKeys.read(keyFile).timing();
    java.time.Instant publish = java.time.Instant.parse("2026-12-01T00:00:00Z");
    assertThat(t.syncPublish()).contains(publish);
    assertThat(t.syncDelete()).contains(java.time.Instant.parse("2026-12-10T00:00:00Z"));
    assertThat(t.cdsAt(publish.minusSeconds(1))).as("active, before SyncPublish").isFalse();
    assertThat(t.cdsAt(publish)).isTrue();
    assertThat(t.cdsAt(java.time.Instant.parse("2026-12-10T00:00:00Z"))).as("from SyncDelete").isFalse();
    // without them, the CDS follows the key's activity
    KeyTiming plain = readEcdsa().timing();
    assertThat(plain.cdsAt(publish)).isTrue();
    assertThat(plain.cdsAt(java.time.Instant.parse("2026-11-01T00:00:00Z"))).as("not yet active").isFalse();
  }

  @Test
  void aKeyWithARevokeTimeIsRefused() throws IOException {
    Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY,
        TestKeys.ECDSA_PRIVATE + "Revoke: 20270101000000\n");
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile)).hasMessageContaining("has a Revoke time (RFC 5011)")
        .hasMessageContaining("dnssec-settime -R none");
  }

  @Test
  void anRsaKeyLargerThanRfc5702AllowsIsRefused() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(4160);
    java.security.KeyPair pair = g.generateKeyPair();
    org.xbill.DNS.DNSKEYRecord dnskey = new org.xbill.DNS.DNSKEYRecord(ORG, org.xbill.DNS.DClass.IN, 3600, 257, 3,
        8, pair.getPublic());
    ZoneKey key = new ZoneKey(String.format("Kexample.org.+008+%05d", dnskey.getFootprint()), dnskey, KeyAlgorithm.RSASHA256,
        KeyTiming.ALWAYS, pair.getPublic(), pair.getPrivate());
    Path keyFile = TestKeys.write(dir, key.source(), KeyFileWriter.publicText(key), KeyFileWriter.privateText(key));
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile)).hasMessageContaining("an RSA key of 4160 bits")
        .hasMessageContaining("RFC 5702 allows 512 to 4096");
  }

  @Test
  void missingPrivateFileIsNamed() throws IOException {
    Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE);
    Files.delete(dir.resolve(TestKeys.ECDSA_BASE + ".private"));
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile))
        .hasMessageStartingWith(dir.resolve(TestKeys.ECDSA_BASE + ".private") + ":0: missing");
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', textBlock = """
      PUBLIC  | example.com. IN DNSKEY 257 3 13 !!!                                     | 5: invalid DNSKEY record
      PUBLIC  | example.com. IN A 192.0.2.1                                             | 5: expected 'OWNER [TTL] [IN] DNSKEY FLAGS 3 ALGORITHM KEY'
      PUBLIC  | example.net. IN DNSKEY 257 3 13 cZ5LiX3vurOh5bOv8SQXgyLZoFaMuo34aNLdWwC9eTWNj5o+IgTrP8ovsgMU00sFpUbIBPcuKh3GwADL7lRlIA== | 5: the DNSKEY's owner example.net. is not the zone in the file name (example.com.)
      PUBLIC  | example.com. IN DNSKEY 256 3 13 cZ5LiX3vurOh5bOv8SQXgyLZoFaMuo34aNLdWwC9eTWNj5o+IgTrP8ovsgMU00sFpUbIBPcuKh3GwADL7lRlIA== | 5: the file name says key tag 45264 but the DNSKEY's tag is 45263
      PUBLIC  | example.com. IN DNSKEY 1 3 13 cZ5LiX3vurOh5bOv8SQXgyLZoFaMuo34aNLdWwC9eTWNj5o+IgTrP8ovsgMU00sFpUbIBPcuKh3GwADL7lRlIA==   | 5: not a zone key (flags 1; expected 256 or 257)
      PRIVATE | Private-key-format: v2.0                                                | 1: unsupported Private-key-format (expected v1.2 or v1.3)
      PRIVATE | Algorithm: 8 (RSASHA256)                                                | 2: algorithm 8 does not match the DNSKEY's algorithm 13
      PRIVATE | PrivateKey: DFWAOREbUEI1faQaxssDXBbQTKUe63/iUOi9VM+v4o*=                 | 3: PrivateKey: not valid base64
      PRIVATE | PrivateKey: AFWAOREbUEI1faQaxssDXBbQTKUe63/iUOi9VM+v4oI=                 | 0: the private key is not the private half of the DNSKEY in the .key file
      PRIVATE | Created: yesterday                                                      | 4: Created: expected a time as YYYYMMDDHHMMSS (UTC)
      PRIVATE | this line has no colon                                                  | 4: expected 'Field: value'
      """)
  void malformedFileGetsItsNameLineAndProblem(String which, String replacement, String expected) {
    boolean pub = which.equals("PUBLIC");
    String key = pub ? replaceLine(TestKeys.ECDSA_KEY, 5, replacement) : TestKeys.ECDSA_KEY;
    String priv = pub ? TestKeys.ECDSA_PRIVATE : replaceLineStartingLike(TestKeys.ECDSA_PRIVATE, replacement);
    Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE, key, priv);
    Path named = pub ? keyFile : dir.resolve(TestKeys.ECDSA_BASE + ".private");
    assertThatThrownBy(() -> DirectoryKeys.read(keyFile))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith(named + ":" + expected);
  }

  static String replaceLine(String text, int line, String replacement) {
    List<String> lines = new java.util.ArrayList<>(text.lines().toList());
    lines.set(line - 1, replacement);
    return String.join("\n", lines) + "\n";
  }

  /** Replaces the line with the same field name, or line 4 (Created) when the replacement has none. */
  static String replaceLineStartingLike(String text, String replacement) {
    List<String> lines = text.lines().toList();
    int colon = replacement.indexOf(':');
    for (int i = 0; i < lines.size(); i++) {
      if (colon > 0 && lines.get(i).startsWith(replacement.substring(0, colon + 1))) {
        return replaceLine(text, i + 1, replacement);
      }
    }
    return replaceLine(text, 4, replacement);
  }

  @Test
  void noPartOfTheSecretAppearsInToStringsOrErrors() throws Exception {
    ZoneKey ecdsa = readEcdsa();
    ZoneKey rsa = DirectoryKeys.read(TestKeys.write(dir, TestKeys.RSA_BASE, TestKeys.RSA_KEY, TestKeys.RSA_PRIVATE));
    KeyDirectory.Result loaded = KeyDirectory.load(dir, COM);
    List<String> texts = new java.util.ArrayList<>(List.of(ecdsa.toString(), rsa.toString(), loaded.toString(),
        loaded.keys().toString()));
    // Errors about a broken private file, from both of its algorithms' decoders.
    for (String broken : List.of(
        TestKeys.ECDSA_PRIVATE.replace("Algorithm: 13", "Algorithm: 13\nAlgorithm: 13"),
        TestKeys.ECDSA_PRIVATE.replace("PrivateKey: ", "PrivateKey: AAAA"),
        TestKeys.ECDSA_PRIVATE.replace("PrivateKey: ", "PrivateKey: ~"),
        TestKeys.ECDSA_PRIVATE.replace("PrivateKey: ", "PrivateKey "),
        TestKeys.ECDSA_PRIVATE.replace("PrivateKey: ", "PrivateKey: ").replace("Created: ", "Created: x"))) {
      Path keyFile = TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, broken);
      texts.add(messageOf(keyFile));
    }
    for (String broken : List.of(
        TestKeys.RSA_PRIVATE.replace("Prime1: /", "Prime1: A"),
        TestKeys.RSA_PRIVATE.replace("Modulus: 5", "Modulus: A"),
        TestKeys.RSA_PRIVATE.replace("Exponent1: ", "Exponent1: ~"))) {
      texts.add(messageOf(TestKeys.write(dir, TestKeys.RSA_BASE, TestKeys.RSA_KEY, broken)));
    }
    assertThat(texts).hasSizeGreaterThan(10).allSatisfy(t -> {
      assertNoFragmentOf(t, TestKeys.ECDSA_SECRET);
      assertNoFragmentOf(t, TestKeys.RSA_PRIVATE_EXPONENT);
    });
  }

  private static String messageOf(Path keyFile) {
    try {
      DirectoryKeys.read(keyFile);
      throw new AssertionError("expected " + keyFile + " to be refused");
    } catch (KeyFileException e) {
      return e.getMessage() + " " + e.problem() + " " + e;
    }
  }

  /** No 8-character run of the base64 secret, nor of its hex or decimal forms, appears in {@code text}. */
  static void assertNoFragmentOf(String text, String base64Secret) {
    byte[] secret = Base64.getDecoder().decode(base64Secret);
    for (String form : List.of(base64Secret, HexFormat.of().formatHex(secret),
        new BigInteger(1, secret).toString(), new BigInteger(1, secret).toString(16))) {
      for (int i = 0; i + 8 <= form.length(); i++) {
        assertThat(text.toLowerCase()).as("text %s", text).doesNotContain(form.substring(i, i + 8).toLowerCase());
      }
    }
  }
}
