package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Keys written by {@code wadns keygen} are read by BIND (dnssec-dsfromkey, dnssec-signzone and
 * dnssec-verify over a zone signed with them) and by Knot's keymgr, which compute the same DS.
 */
class KeygenInteropTest {
  static final Name ZONE = Name.fromConstantString("example.test.");

  @TempDir Path dir;

  ZoneKey newKey(KeyAlgorithm algorithm) throws Exception {
    // Created a minute ago, so BIND sees it active now.
    ZoneKey key = new KeyGenerator(new SecureRandom())
        .generateCsk(ZONE, algorithm, Instant.now().minusSeconds(60), Set.of());
    KeyFileWriter.write(dir, key);
    return key;
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void dnssecDsfromkeyGivesTheSameDs(KeyAlgorithm algorithm) throws Exception {
    Path dsfromkey = ExternalTools.require("dnssec-dsfromkey", "bind9-utils");
    ZoneKey key = newKey(algorithm);
    String bind = ExternalTools.run(dir, dsfromkey.toString(), "-2", dir.resolve(key.source() + ".key").toString());
    assertThat(bind.strip()).isEqualTo("example.test. IN DS " + key.ds().rdataToString());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void bindSignsAZoneWithTheKeyAndDnssecVerifyAcceptsIt(KeyAlgorithm algorithm) throws Exception {
    Path signzone = ExternalTools.require("dnssec-signzone", "bind9-utils");
    Path verify = ExternalTools.require("dnssec-verify", "bind9-utils");
    newKey(algorithm);
    Files.writeString(dir.resolve("example.test.zone"), """
        $TTL 300
        example.test. IN SOA ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 300
        example.test. IN NS ns1.example.test.
        ns1.example.test. IN A 192.0.2.53
        www.example.test. IN A 192.0.2.1
        """);
    // -S (smart signing) takes the keys from -K and adds their DNSKEYs; -z lets the CSK sign everything.
    ExternalTools.run(dir, signzone.toString(), "-S", "-z", "-K", dir.toString(), "-o", "example.test.",
        "-f", "signed.zone", "example.test.zone");
    String out = ExternalTools.run(dir, verify.toString(), "-z", "-o", "example.test.", "signed.zone");
    assertThat(out).contains("Zone fully signed");
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void knotKeymgrImportsTheKeyAndGivesTheSameDs(KeyAlgorithm algorithm) throws Exception {
    Path keymgr = ExternalTools.require("keymgr", "knot");
    ZoneKey key = newKey(algorithm);
    Path kasp = Files.createDirectory(dir.resolve("kasp"));
    ExternalTools.run(dir, keymgr.toString(), "-D", kasp.toString(), "example.test.", "import-bind",
        dir.resolve(key.source()).toString());
    String ds = ExternalTools.run(dir, keymgr.toString(), "-D", kasp.toString(), "example.test.", "ds",
        Integer.toString(key.tag()));
    assertThat(ds.lines().map(String::strip))
        .contains("example.test. DS " + key.ds().rdataToString().replaceFirst("[0-9A-F]+$", "")
            + key.ds().rdataToString().replaceFirst("^.* ", "").toLowerCase());
  }

  @org.junit.jupiter.api.Test
  void bindDnssecSettimeRetiresTheKeyAndWadnsReadsTheNewTimes() throws Exception {
    Path settime = ExternalTools.require("dnssec-settime", "bind9-utils");
    ZoneKey key = newKey(KeyAlgorithm.ECDSAP256SHA256);
    ExternalTools.run(dir, settime.toString(), "-K", dir.toString(), "-I", "20300101000000", "-D", "20300201000000",
        key.source());
    ZoneKey retiring = KeyDirectory.load(dir, ZONE).keys().keys().get(0);
    assertThat(retiring.timing().created()).isEqualTo(key.timing().created());
    assertThat(retiring.stateAt(Instant.parse("2029-12-31T23:59:59Z"))).isEqualTo(KeyState.ACTIVE);
    assertThat(retiring.stateAt(Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(KeyState.RETIRED);
    assertThat(retiring.stateAt(Instant.parse("2030-02-01T00:00:00Z"))).isEqualTo(KeyState.REMOVED);
    Path priv = dir.resolve(key.source() + ".private");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .as("dnssec-settime keeps the private file owner-only").isEqualTo("rw-------");
  }
}
