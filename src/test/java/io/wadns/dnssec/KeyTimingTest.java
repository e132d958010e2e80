package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** Key states from timing metadata, and which keys publish and sign at an instant. */
class KeyTimingTest {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  static KeyTiming timing(String publish, String activate, String inactive, String delete) {
    return new KeyTiming(Optional.empty(), at(publish), at(activate), Optional.empty(), at(inactive), at(delete));
  }

  static Optional<Instant> at(String days) {
    return days == null ? Optional.empty() : Optional.of(T0.plusSeconds(86400L * Integer.parseInt(days)));
  }

  static Instant day(int d) {
    return T0.plusSeconds(86400L * d);
  }

  @Test
  void aKeyMovesThroughItsStatesAtItsTimes() {
    KeyTiming t = timing("0", "2", "30", "40");
    assertThat(t.stateAt(day(-1))).isEqualTo(KeyState.UNPUBLISHED);
    assertThat(t.stateAt(day(0))).isEqualTo(KeyState.PUBLISHED);
    assertThat(t.stateAt(day(2))).isEqualTo(KeyState.ACTIVE);
    assertThat(t.stateAt(day(29))).isEqualTo(KeyState.ACTIVE);
    assertThat(t.stateAt(day(30))).isEqualTo(KeyState.RETIRED);
    assertThat(t.stateAt(day(40))).isEqualTo(KeyState.REMOVED);
  }

  @Test
  void aKeyWithoutMetadataIsAlwaysActive() {
    assertThat(KeyTiming.ALWAYS.stateAt(Instant.EPOCH)).isEqualTo(KeyState.ACTIVE);
  }

  @Test
  void withoutPublishAKeyIsPublishedWhenItActivates() {
    KeyTiming t = timing(null, "5", null, null);
    assertThat(t.stateAt(day(4))).isEqualTo(KeyState.UNPUBLISHED);
    assertThat(t.stateAt(day(5))).isEqualTo(KeyState.ACTIVE);
  }

  @Test
  void aPublishedKeyWithoutActivateNeverSigns() {
    assertThat(timing("0", null, null, null).stateAt(day(1000))).isEqualTo(KeyState.PUBLISHED);
  }

  @Test
  void bindTimesAreUtc() {
    assertThat(KeyTiming.parseBindTime("20261130063219 (Mon Nov 30 06:32:19 2026)"))
        .contains(Instant.parse("2026-11-30T06:32:19Z"));
    assertThat(KeyTiming.parseBindTime("20261330063219")).isEmpty();
    assertThat(KeyTiming.formatBindTime(Instant.parse("2026-11-30T06:32:19Z"))).isEqualTo("20261130063219");
  }

  ZoneKey key(ZoneKey base, KeyTiming timing) {
    return new ZoneKey(base.source(), base.dnskey(), base.algorithm(), timing, base.publicKey(), base.privateKey());
  }

  @Test
  void onlySepKeysActiveMakesThemSignEverything() throws KeyFileException {
    ZoneKey ksk = KeyFilesTest.DirectoryKeys.read(
        TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE));
    ZoneKeys keys = new ZoneKeys(ksk.zone(), List.of(key(ksk, KeyTiming.ALWAYS)));
    assertThat(keys.signersAt(Type.A, T0)).extracting(ZoneKey::tag).containsExactly(45264);
    assertThat(keys.signersAt(Type.DNSKEY, T0)).extracting(ZoneKey::tag).containsExactly(45264);
  }

  /** {@code base} with the DNSKEY flags {@code flags} (256 a ZSK, 257 a SEP key): the same key pair. */
  static ZoneKey withFlags(ZoneKey base, int flags, KeyTiming timing) {
    org.xbill.DNS.DNSKEYRecord d = base.dnskey();
    org.xbill.DNS.DNSKEYRecord flagged = new org.xbill.DNS.DNSKEYRecord(d.getName(), d.getDClass(), d.getTTL(), flags,
        d.getProtocol(), d.getAlgorithm(), d.getKey());
    return new ZoneKey(base.source(), flagged, base.algorithm(), timing, base.publicKey(), base.privateKey());
  }

  @Test
  void withBothKindsActiveTheKskSignsTheDnskeySetAndTheZskTheRest() throws KeyFileException {
    ZoneKey ksk = KeyFilesTest.DirectoryKeys.read(
        TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE));
    // The ZSK is pre-published on day 0, active from day 2, retired on day 30 and removed on day 40.
    ZoneKey zsk = withFlags(ksk, 256, timing("0", "2", "30", "40"));
    int zskTag = zsk.tag();
    ZoneKeys keys = new ZoneKeys(ksk.zone(), List.of(key(ksk, KeyTiming.ALWAYS), zsk));
    assertThat(keys.dnskeysAt(day(-1))).hasSize(1);
    assertThat(keys.dnskeysAt(day(0))).hasSize(2);
    assertThat(keys.signersAt(Type.A, day(1))).extracting(ZoneKey::tag).containsExactly(45264);
    assertThat(keys.signersAt(Type.A, day(2))).extracting(ZoneKey::tag).containsExactly(zskTag);
    assertThat(keys.signersAt(Type.DNSKEY, day(2))).extracting(ZoneKey::tag).containsExactly(45264);
    assertThat(keys.signersAt(Type.A, day(30))).extracting(ZoneKey::tag).containsExactly(45264);
    assertThat(keys.dnskeysAt(day(30))).hasSize(2);
    assertThat(keys.dnskeysAt(day(40))).hasSize(1);
    assertThat(keys.dsRecordsAt(day(2))).hasSize(1).first().extracting(r -> r.getFootprint()).isEqualTo(45264);
  }

  @Test
  void everyAlgorithmSignsEveryRrsetDuringAnAlgorithmRollover() throws KeyFileException {
    // RFC 4035 §2.2 and RFC 6781 §4.1.4: an ECDSA KSK and ZSK, and a new Ed25519 key with the SEP flag
    ZoneKey ecdsaKsk = KeyFilesTest.DirectoryKeys.read(
        TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE));
    ZoneKey ecdsaZsk = withFlags(ecdsaKsk, 256, KeyTiming.ALWAYS);
    ZoneKey ed25519 = KeyFilesTest.DirectoryKeys.read(
        TestKeys.write(dir, TestKeys.ED25519_BASE, TestKeys.ED25519_KEY, TestKeys.ED25519_PRIVATE));
    ZoneKey ed25519Csk = withFlags(ed25519, 257, KeyTiming.ALWAYS);
    ZoneKeys keys = new ZoneKeys(ecdsaKsk.zone(), List.of(key(ecdsaKsk, KeyTiming.ALWAYS), ecdsaZsk, ed25519Csk));
    assertThat(keys.signersAt(Type.A, T0)).extracting(ZoneKey::tag)
        .containsExactlyInAnyOrder(ecdsaZsk.tag(), ed25519Csk.tag());
    assertThat(keys.signersAt(Type.DNSKEY, T0)).extracting(ZoneKey::tag)
        .containsExactlyInAnyOrder(45264, ed25519Csk.tag());
    // and with a ZSK of one algorithm and a KSK of another, each signs everything it alone holds
    ZoneKeys mixed = new ZoneKeys(ecdsaKsk.zone(), List.of(key(ecdsaKsk, KeyTiming.ALWAYS), key(ed25519,
        KeyTiming.ALWAYS)));
    assertThat(mixed.signersAt(Type.A, T0)).extracting(ZoneKey::tag).containsExactlyInAnyOrder(45264, 16846);
    assertThat(mixed.signersAt(Type.DNSKEY, T0)).extracting(ZoneKey::tag).containsExactlyInAnyOrder(45264, 16846);
  }

  @Test
  void noActiveKeyMeansNoSigner() throws KeyFileException {
    ZoneKey ksk = KeyFilesTest.DirectoryKeys.read(
        TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE));
    ZoneKeys keys = new ZoneKeys(ksk.zone(), List.of(key(ksk, timing("0", "1", null, null))));
    assertThat(keys.signersAt(Type.A, day(0))).isEmpty();
  }
}
