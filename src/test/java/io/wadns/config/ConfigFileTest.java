package io.wadns.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.transfer.NotifyTarget;
import io.wadns.tsig.TsigKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

class ConfigFileTest {
  /** A secret no message may ever show, in any encoding a bug might print it. */
  private static final byte[] SECRET = "do-not-print-this-secret-0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final String SECRET64 = Base64.getEncoder().encodeToString(SECRET);

  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("wadns.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private ServeConfig read(String yaml) throws Exception {
    return ConfigFile.read(write(yaml));
  }

  private String error(String yaml) throws Exception {
    Path file = write(yaml);
    try {
      ConfigFile.read(file);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith(file.toString() + ":");
      assertThat(e.getMessage()).doesNotContain(SECRET64).doesNotContain(new String(SECRET, StandardCharsets.US_ASCII))
          .doesNotContain(SECRET64.substring(8, 24));
      return e.getMessage().substring(file.toString().length());
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void theDocumentedExampleReadsIntoEverySetting() throws Exception {
    ServeConfig c = read("""
        listen: [127.0.0.1:5300]
        http: 127.0.0.1:8053
        zones: zones
        keys: keys
        tsig:
          - {name: xfr, algorithm: hmac-sha256, secret: "%s"}
        transfer:
          allow: [127.0.0.0/8, "key xfr"]
          notify: [127.0.0.3:53]
        catalog: catalog.invalid.
        secondary:
          store: secondary
          zones:
            - {name: example.org., primaries: [127.0.0.1:5301], tsig: xfr}
          catalogs:
            - {name: catalog.invalid., primaries: [127.0.0.1:5301]}
        """.formatted(SECRET64));
    assertThat(c.listen()).containsExactly(new InetSocketAddress("127.0.0.1", 5300));
    assertThat(c.http()).isEqualTo(new InetSocketAddress("127.0.0.1", 8053));
    assertThat(c.zones()).isEqualTo(dir.resolve("zones"));
    assertThat(c.keys()).isEqualTo(dir.resolve("keys"));
    assertThat(c.tsig()).containsExactly(new TsigKey(Name.fromString("xfr."), TSIG.HMAC_SHA256, SECRET));
    assertThat(c.transfer().allow().allows(InetAddress.getByName("127.9.9.9"), null)).isTrue();
    assertThat(c.transfer().allow().allows(InetAddress.getByName("192.0.2.1"), null)).isFalse();
    assertThat(c.transfer().allow().allows(InetAddress.getByName("192.0.2.1"), Name.fromString("xfr."))).isTrue();
    assertThat(c.transfer().notifyTargets())
        .containsExactly(new NotifyTarget(new InetSocketAddress("127.0.0.3", 53), null));
    assertThat(c.transfer().journal()).isEqualTo(dir.resolve("journal"));
    assertThat(c.catalog()).isEqualTo(Name.fromString("catalog.invalid."));
    assertThat(c.secondary().store()).isEqualTo(dir.resolve("secondary"));
    assertThat(c.secondary().zones()).hasSize(1);
    assertThat(c.secondary().zones().get(0).tsig()).isEqualTo(Name.fromString("xfr."));
    assertThat(c.secondary().zones().get(0).primaries()).containsExactly(new InetSocketAddress("127.0.0.1", 5301));
    assertThat(c.secondary().catalogs().get(0).name()).isEqualTo(Name.fromString("catalog.invalid."));
  }

  @Test
  void anEmptyFileSaysNothing() throws Exception {
    ServeConfig c = read("# nothing yet\n");
    assertThat(c.listen()).isEmpty();
    assertThat(c.zones()).isNull();
    assertThat(c.transfer().configured()).isFalse();
  }

  @Test
  void aSingleListenAddressNeedsNoList() throws Exception {
    assertThat(read("listen: '[::1]:53'\n").listen()).containsExactly(new InetSocketAddress("::1", 53));
  }

  @Test
  void notifyTakesAKeyAndPort53ByDefault() throws Exception {
    ServeConfig c = read("""
        tsig: [{name: xfr., algorithm: HMAC-SHA512, secret: "%s"}]
        transfer:
          notify: ["192.0.2.7 key xfr", "[2001:db8::7]:5353"]
          journal: /var/lib/wadns/journal
          journal-size: 1M
        """.formatted(SECRET64));
    assertThat(c.transfer().notifyTargets()).containsExactly(
        new NotifyTarget(new InetSocketAddress("192.0.2.7", 53), Name.fromString("xfr.")),
        new NotifyTarget(new InetSocketAddress("2001:db8::7", 5353), null));
    assertThat(c.transfer().journal()).isEqualTo(Path.of("/var/lib/wadns/journal"));
    assertThat(c.transfer().journalBytes()).isEqualTo(1 << 20);
    assertThat(c.tsig().get(0).algorithm()).isEqualTo(TSIG.HMAC_SHA512);
  }

  @Test
  void aRuleCanAskForANetworkAndAKeyTogether() throws Exception {
    ServeConfig c = read("""
        tsig: [{name: xfr, algorithm: hmac-sha256, secret: "%s"}]
        transfer: {allow: ["10.0.0.0/8 key xfr"]}
        """.formatted(SECRET64));
    Name xfr = Name.fromString("xfr.");
    assertThat(c.transfer().allow().allows(InetAddress.getByName("10.1.2.3"), xfr)).isTrue();
    assertThat(c.transfer().allow().allows(InetAddress.getByName("10.1.2.3"), null)).isFalse();
    assertThat(c.transfer().allow().allows(InetAddress.getByName("11.1.2.3"), xfr)).isFalse();
  }

  @Test
  void unknownKeysAreErrorsWithTheirLine() throws Exception {
    assertThat(error("zones: zones\nlisen: [127.0.0.1:53]\n"))
        .isEqualTo(":2: lisen: unknown key 'lisen'; known keys: catalog, http, keys, listen, secondary, transfer,"
            + " tsig, zones");
    assertThat(error("transfer:\n  allow: [127.0.0.1]\n  notfy: [127.0.0.1]\n"))
        .startsWith(":3: transfer.notfy: unknown key 'notfy' in transfer;");
    assertThat(error("secondary:\n  zones:\n    - {name: a., primaries: [127.0.0.1], tls: yes}\n"))
        .startsWith(":3: secondary.zones[0].tls: unknown key 'tls' in secondary.zones[0];");
  }

  @Test
  void valuesOfTheWrongKindAreErrors() throws Exception {
    assertThat(error("zones: [a, b]\n")).isEqualTo(":1: zones: expected a value; found a list");
    assertThat(error("listen: {a: 1}\n")).isEqualTo(":1: listen: expected a value; found a mapping");
    assertThat(error("tsig: xfr\n")).isEqualTo(":1: tsig: expected a list; found a value");
    assertThat(error("transfer: [127.0.0.1]\n")).startsWith(":1: transfer: expected a mapping of allow,");
    assertThat(error("http:\n")).isEqualTo(":1: http: expected a value; found nothing");
    assertThat(error("- a\n- b\n")).startsWith(":1: : expected a mapping");
    assertThat(error("listen: [127.0.0.1]\n")).contains("expected HOST:PORT");
    assertThat(error("listen: [dns.example:53]\n")).contains("names are not looked up");
    assertThat(error("transfer: {allow: [10.0.0.0/33]}\n")).contains("prefix length 33 is not 0-32");
    assertThat(error("transfer: {allow: [\"key\"]}\n")).contains("expected \"key NAME\"");
    assertThat(error("catalog: 'a..b'\n")).startsWith(":1: catalog: 'a..b' is not a domain name");
  }

  @Test
  void hugeValuesAreBounded() throws Exception {
    assertThat(error("listen: [127.0.0.1:99999999999]\n")).contains("port '99999999999' is not a number");
    assertThat(error("listen: [127.0.0.1:70000]\n")).contains("port 70000 is outside 0-65535");
    assertThat(error("transfer: {journal-size: 9999999999999999999G}\n")).contains("is not a size");
    assertThat(error("transfer: {journal-size: 5G}\n")).contains("outside 64K-4G");
    assertThat(error("catalog: " + "a".repeat(64) + ".\n")).contains("is not a domain name");
    assertThat(error("catalog: " + "abc.".repeat(70) + "\n")).contains("is not a domain name");
    assertThat(error("zones: " + "x".repeat(5000) + "\n")).contains("not a usable path");
    String big = Base64.getEncoder().encodeToString(new byte[2000]);
    assertThat(error("tsig: [{name: k, algorithm: hmac-sha256, secret: " + big + "}]\n"))
        .contains("the secret must be 1-1024 bytes; it is 2000");
    assertThat(error("zones: " + "y".repeat(ConfigFile.MAX_BYTES) + "\n")).isEqualTo(": larger than 1048576 bytes");
    assertThat(error("a: " + "[".repeat(100_000))).isEqualTo(": nested too deeply");
    assertThat(error("listen: " + "[".repeat(40) + "127.0.0.1:53" + "]".repeat(40) + "\n"))
        .contains("nested more than 16 levels deep");
  }

  @Test
  void anchorsAndDuplicateKeysAreRefused() throws Exception {
    assertThat(error("zones: &z zones\nkeys: *z\n")).contains("anchors and aliases");
    assertThat(error("zones: a\nzones: b\n")).isEqualTo(":2: zones: given twice (first at line 1)");
  }

  @Test
  void keysMustBeDefinedWhereTheyAreNamed() throws Exception {
    assertThat(error("transfer: {allow: [\"key xfr\"]}\n")).isEqualTo(":1: transfer.allow[0]: no TSIG key named xfr. in tsig:");
    assertThat(error("secondary: {zones: [{name: a., primaries: [127.0.0.1], tsig: nope}]}\n"))
        .contains("no TSIG key named nope.");
    assertThat(error("""
        tsig:
          - {name: xfr, algorithm: hmac-sha256, secret: "%1$s"}
          - {name: xfr., algorithm: hmac-sha256, secret: "%1$s"}
        """.formatted(SECRET64))).isEqualTo(":3: tsig[1].name: a second key named xfr. (the first is at line 2)");
    assertThat(error("tsig: [{name: k, algorithm: hmac-md5, secret: \"%s\"}]\n".formatted(SECRET64)))
        .contains("'hmac-md5' is not a TSIG algorithm wadns offers; one of hmac-sha1, hmac-sha224");
  }

  @Test
  void secondaryZonesAreChecked() throws Exception {
    assertThat(error("secondary: {zones: [{name: a.}]}\n")).isEqualTo(":1: secondary.zones[0]: missing primaries");
    assertThat(error("secondary: {zones: [{name: a., primaries: []}]}\n")).contains("at least one primary");
    assertThat(error("secondary:\n  zones: [{name: a., primaries: [127.0.0.1]}]\n  catalogs: [{name: A., primaries:"
        + " [127.0.0.1]}]\n")).isEqualTo(":3: secondary.catalogs[0].name: A. is listed twice");
  }

  @Test
  void noMessageEverQuotesASecret() throws Exception {
    String key = "tsig:\n  - name: xfr\n    algorithm: hmac-sha256\n";
    // A bad secret, an unknown key beside a good one, a syntax error on its line, a second secret.
    assertThat(error(key + "    secret: \"!!" + SECRET64 + "\"\n")).contains("the secret is not base64");
    assertThat(error(key + "    secret: \"" + SECRET64 + "\"\n    colour: blue\n")).contains("unknown key 'colour'");
    assertThat(error(key + "    secret: \"" + SECRET64 + "\n")).contains("not valid YAML");
    assertThat(error(key + "    secret: " + SECRET64 + ": x\n")).contains("not valid YAML");
    assertThat(error(key + "    secret: \"" + SECRET64 + "\"\n    secret: \"" + SECRET64 + "\"\n"))
        .contains("given twice");
    assertThat(error(key + "    secret: [\"" + SECRET64 + "\"]\n")).contains("expected a value; found a list");
    assertThat(error(key + "    secret: \"" + SECRET64 + "\"\n    secret-file: s\n")).contains("exactly one of");
    assertThat(error("catalog: \"" + SECRET64 + "\"\ntsig: [{name: k, algorithm: x, secret: \"" + SECRET64 + "\"}]\n"))
        .contains("'x' is not a TSIG algorithm");
  }

  @Test
  void aSecretFileMustBeTheOwnersAlone() throws Exception {
    Path secret = dir.resolve("xfr.key");
    Files.writeString(secret, SECRET64 + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    String yaml = "tsig: [{name: xfr, algorithm: hmac-sha256, secret-file: xfr.key}]\n";
    assertThat(error(yaml)).isEqualTo(":1: tsig[0].secret-file: " + secret
        + ": readable or writable by group or others (rw-r--r--); chmod 600 " + secret);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    assertThat(read(yaml).tsig().get(0).secret()).isEqualTo(SECRET);
    assertThat(error("tsig: [{name: xfr, algorithm: hmac-sha256, secret-file: missing.key}]\n"))
        .endsWith("missing.key: no such file");
  }

  @Test
  void aKeyPrintsWithoutItsSecret() {
    TsigKey key = new TsigKey(Name.root, TSIG.HMAC_SHA256, SECRET);
    assertThat(key.toString()).doesNotContain(SECRET64).doesNotContain("do-not-print").contains("hidden");
  }

  @Test
  void unreadableFilesAreNamed() throws Exception {
    Path missing = dir.resolve("none.yaml");
    assertThatThrownBy(() -> ConfigFile.read(missing)).isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": no such file");
    Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    assertThatThrownBy(() -> ConfigFile.read(dir.resolve("bin.yaml"))).hasMessageEndingWith(": not UTF-8 text");
  }
}
