package io.wadns.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.dnssec.KeyAlgorithm;
import io.wadns.dnssec.KeyFileWriter;
import io.wadns.dnssec.KeyGenerator;
import io.wadns.dnssec.SigningPolicy;
import io.wadns.dnssec.ZoneKey;
import io.wadns.dnssec.ZoneSigning;
import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult.Change;
import io.wadns.testing.SettableClock;
import io.wadns.testing.TestZones;
import io.wadns.zone.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Zones with keys are signed before they are published, and signed again when due, without a new version. */
class SignedReloadTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  final io.wadns.testing.LogCapture log = io.wadns.testing.LogCapture.of("wadns");

  @TempDir Path zones;
  @TempDir Path keys;
  final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));


  ZoneReloader reloader() throws IOException {
    Files.writeString(zones.resolve("example.com.zone"), TestZones.exampleCom("www A 192.0.2.1\n"));
    Files.writeString(zones.resolve("example.net.zone"), TestZones.exampleCom("www A 192.0.2.2\n")
        .replace("example.com.", "example.net."));
    return new ZoneReloader(zones, new HealthRegistry(clock))
        .signedWith(new ZoneSigning(keys, SigningPolicy.DEFAULT, clock));
  }

  ZoneKey key(Instant activate) throws IOException {
    ZoneKey k = new KeyGenerator(new SecureRandom()).generateCsk(Name.fromConstantString("example.com."),
        KeyAlgorithm.ECDSAP256SHA256, activate, Set.of());
    KeyFileWriter.write(keys, k);
    return k;
  }

  Zone served(ZoneReloader r, String origin) {
    return r.current().find(Name.fromConstantString(origin));
  }

  @Test
  void aZoneWithAnActiveKeyIsServedSignedAndOneWithoutIsServedAsItIs() throws IOException {
    key(clock.instant().minusSeconds(60));
    ZoneReloader r = reloader();
    assertThat(r.loadInitial().ok()).isTrue();
    Zone com = served(r, "example.com.");
    assertThat(com.signatures()).isNotNull();
    assertThat(com.signatures().apexSet(Type.DNSKEY)).hasSize(1);
    assertThat(served(r, "example.net.").signatures()).isNull();
    // Nothing due: a reload keeps the very same version.
    ReloadResult again = r.reload();
    assertThat(served(r, "example.com.")).isSameAs(com);
    assertThat(again.files()).allMatch(f -> f.change() == Change.UNCHANGED);
    assertThat(r.resignDue().files()).isEmpty();
  }

  /** RRSIGs as dnssec-signzone leaves them in a zone file, over the apex SOA and www's address. */
  private static final String SIGNATURE =
      "ubYQEGxqTPdBoTJF+5LLUyQwVd2hqOkHMwLYcVF1T0YcO3Yb8hR5yMkRyRCGtvwXmNF8jfO+8cjKVu0oF8YrJQ==";
  private static final String SIGNED_ELSEWHERE =
      "@ 300 IN RRSIG SOA 13 2 300 20261231000000 20261201000000 40554 @ " + SIGNATURE + "\n"
      + "www 300 IN RRSIG A 13 3 300 20261231000000 20261201000000 40554 @ " + SIGNATURE + "\n";

  @Test
  void rrsigsMadeElsewhereAreWarnedOfUnlessTheZoneIsSignedHere() throws IOException {
    key(clock.instant().minusSeconds(60)); // example.com. is signed here, example.net. is not
    ZoneReloader r = reloader();
    Files.writeString(zones.resolve("example.com.zone"), TestZones.exampleCom("www A 192.0.2.1\n" + SIGNED_ELSEWHERE));
    Files.writeString(zones.resolve("example.net.zone"), TestZones.exampleCom("www A 192.0.2.2\n" + SIGNED_ELSEWHERE)
        .replace("example.com.", "example.net."));
    Files.writeString(zones.resolve("example.org.zone"), TestZones.exampleCom("www A 192.0.2.3\n")
        .replace("example.com.", "example.org."));
    ReloadResult result = r.loadInitial();

    assertThat(result.ok()).as("a warning, not an error: the zone is served").isTrue();
    assertThat(served(r, "example.net.")).isNotNull();
    java.util.List<String> warnings = result.files().stream().flatMap(f -> f.problems().stream())
        .filter(p -> !p.isError()).map(Object::toString).toList();
    assertThat(warnings).filteredOn(w -> w.contains("from a signing done elsewhere")).singleElement()
        .asString()
        .startsWith(zones.resolve("example.net.zone") + ":0: warning: zone example.net. holds RRSIG records (at 2"
            + " names, the first example.net.)")
        .contains("validating resolvers will fail the zone if its parent has a DS for it");

    // A reload logs it again, as every warning of a zone it loads.
    Files.writeString(zones.resolve("example.net.zone"), TestZones.exampleCom("www A 192.0.2.4\n" + SIGNED_ELSEWHERE)
        .replace("example.com.", "example.net."));
    assertThat(r.reload().ok()).isTrue();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).filteredOn(m -> m.contains("signing done elsewhere"))
        .singleElement().asString().contains("zone example.net. holds RRSIG records");
  }

  @Test
  void aKeyAddedOrActivatedOrSignaturesNearExpirySignTheSameDataAgain() throws IOException {
    ZoneKey later = key(clock.instant().plus(Duration.ofHours(2)));
    ZoneReloader r = reloader();
    r.loadInitial();
    Zone unsigned = served(r, "example.com.");
    assertThat(unsigned.signatures()).isNull(); // its key is not active yet
    clock.advance(Duration.ofHours(3));
    ReloadResult activated = r.resignDue();
    assertThat(activated.files()).singleElement().satisfies(f -> assertThat(f.change()).isEqualTo(Change.RESIGNED));
    Zone signed = served(r, "example.com.");
    assertThat(signed.signatures()).isNotNull();
    assertThat(signed.data()).isSameAs(unsigned.data());
    assertThat(signed.signatures().ofApexSet(Type.DNSKEY)).singleElement()
        .satisfies(sig -> assertThat(((org.xbill.DNS.RRSIGRecord) sig).getFootprint()).isEqualTo(later.tag()));
    // Ten days on, within the refresh margin of the 14-day signatures (3.5 days): signed again.
    clock.advance(Duration.ofDays(10));
    assertThat(r.resignDue().files()).isEmpty();
    clock.advance(Duration.ofDays(1));
    assertThat(r.resignDue().files()).hasSize(1);
    Zone refreshed = served(r, "example.com.");
    assertThat(refreshed.signatures().earliestExpiration()).isGreaterThan(signed.signatures().earliestExpiration());
    // A second key in the folder: signed again at the next look, with both keys published.
    key(clock.instant().minusSeconds(1));
    ReloadResult added = r.reload();
    assertThat(added.files()).filteredOn(f -> f.change() == Change.RESIGNED).hasSize(1);
    assertThat(served(r, "example.com.").signatures().apexSet(Type.DNSKEY)).hasSize(2);
    assertThat(served(r, "example.net.").signatures()).isNull();
  }

  @Test
  void aSettledZoneKnownUnchangedFromItsStampIsStillSignedAgainWhenAKeyIsAdded() throws IOException {
    key(clock.instant().minusSeconds(60));
    ZoneReloader r = reloader();
    ZoneReloaderTest.letTheFilesSettle();
    r.loadInitial();
    Zone signed = served(r, "example.com.");
    assertThat(r.reload().files()).allMatch(f -> f.change() == Change.UNCHANGED);
    assertThat(served(r, "example.com.")).isSameAs(signed);
    key(clock.instant().minusSeconds(1));
    ReloadResult added = r.reload();
    assertThat(added.files()).filteredOn(f -> f.change() == Change.RESIGNED).singleElement()
        .satisfies(f -> assertThat(f.file()).endsWith("example.com.zone"));
    assertThat(served(r, "example.com.").signatures().apexSet(Type.DNSKEY)).hasSize(2);
    assertThat(served(r, "example.com.").data()).isSameAs(signed.data());
  }

  @Test
  void aPublishedKeyOfAnAlgorithmThatDoesNotSignIsWarnedOf() throws IOException {
    key(clock.instant().minusSeconds(60)); // ECDSA, active
    Instant now = clock.instant().minusSeconds(60);
    ZoneKey ed = new KeyGenerator(new SecureRandom()).generateCsk(Name.fromConstantString("example.com."),
        KeyAlgorithm.ED25519, now, Set.of());
    // Published, active only in a day: a pre-published key of a new algorithm.
    KeyFileWriter.write(keys, io.wadns.dnssec.TestKeyTiming.withTiming(ed, now, now.plus(Duration.ofDays(1))));
    ZoneReloader r = reloader();
    assertThat(r.loadInitial().ok()).isTrue();
    assertThat(served(r, "example.com.").signatures()).isNotNull();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN))
        .anyMatch(m -> m.contains("publishes keys of [ED25519 (15)] but no active key of that algorithm signs"));
  }

  @Test
  void aSignedZoneWhoseKeyFilesVanishIsServedUnsignedWithAWarning() throws IOException {
    key(clock.instant().minusSeconds(60));
    ZoneReloader r = reloader();
    assertThat(r.loadInitial().ok()).isTrue();
    assertThat(served(r, "example.com.").signatures()).isNotNull();
    try (var files = Files.list(keys)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    r.reload();
    assertThat(served(r, "example.com.").signatures()).isNull();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN))
        .anyMatch(m -> m.contains("zone example.com. was served signed and its key files are gone"));
  }

  @Test
  void aPrivateKeyOthersCanReadStopsItsZoneAndNamesTheFileButNotTheKey() throws IOException {
    key(clock.instant().minusSeconds(60));
    try (var files = Files.list(keys)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".private")).toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    ZoneReloader r = reloader();
    ReloadResult loaded = r.loadInitial();
    assertThat(loaded.ok()).isFalse();
    assertThat(served(r, "example.com.")).isNull();
    assertThat(served(r, "example.net.")).isNotNull();
    assertThat(loaded.problems()).anySatisfy(p -> assertThat(p.toString()).contains(".private").doesNotContain("PrivateKey:"));
  }
}
