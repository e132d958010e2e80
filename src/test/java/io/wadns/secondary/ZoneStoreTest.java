package io.wadns.secondary;

import static io.wadns.secondary.IncomingTransferTest.rr;
import static io.wadns.secondary.IncomingTransferTest.soa;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The store: file names any zone name can have, atomic replacement, and text that reads back as sent. */
class ZoneStoreTest {
  static final Name ORIGIN = IncomingTransferTest.ORIGIN;

  @TempDir
  Path dir;

  ZoneStore store() {
    return new ZoneStore(dir, new LoadLimits(List.of(), 1000, 0));
  }

  @Test
  void fileNamesKeepToSafeCharacters() throws Exception {
    assertThat(store().fileOf(ORIGIN).getFileName().toString()).isEqualTo("example.com.zone");
    assertThat(store().fileOf(Name.root).getFileName().toString()).isEqualTo("@.zone");
    assertThat(store().fileOf(Name.fromString("root.")).getFileName().toString()).isEqualTo("root.zone");
    assertThat(store().fileOf(Name.fromString("\\@.")).getFileName().toString()).isEqualTo("%5C%40.zone");
    // one label "A/..\b": a slash, two dots and a backslash in it
    assertThat(store().fileOf(Name.fromString("A/\\.\\.\\\\b.example.")).getFileName().toString())
        .isEqualTo("a%2F%5C.%5C.%5C%5Cb.example.zone");
  }

  @Test
  void ownersThatLookLikeDirectivesReadBackAsNames() throws Exception {
    List<Record> records = List.of(rr("example.com. 3600 NS ns1.example.com."),
        rr("ns1.example.com. 3600 A 192.0.2.53"),
        rr("\\$include.example.com. 60 TXT \"not a directive\""),
        rr("\\@.example.com. 60 A 192.0.2.9"),
        rr("semi\\;colon.example.com. 60 TXT \"a;b\" \"c\\\"d\""));
    byte[] text = text(ORIGIN, soa(3), records, "192.0.2.1@53", Instant.EPOCH);
    ZoneStore store = store();
    store.write(ORIGIN, text);
    FileLoad load = store.read(ORIGIN, new HealthKeys()); // as the next start reads it
    assertThat(load.errors()).isEmpty();
    assertThat(load.zone().serial()).isEqualTo(3);
    assertThat(load.zone().node(Name.fromString("\\$include.example.com."))).isNotNull();
    assertThat(load.zone().node(Name.fromString("\\@.example.com."))).isNotNull();
    assertThat(ZoneUpdate.records(load.zone())).containsExactlyInAnyOrderElementsOf(records);
  }

  @Test
  void aWriteReplacesTheFileWholeAndLeavesNoTemporaryFile() throws Exception {
    ZoneStore store = store();
    byte[] v1 = text(ORIGIN, soa(1), List.of(rr("example.com. 3600 NS ns1.example.com."),
        rr("ns1.example.com. 3600 A 192.0.2.53")), "p", Instant.EPOCH);
    byte[] v2 = text(ORIGIN, soa(2), List.of(rr("example.com. 3600 NS ns1.example.com."),
        rr("ns1.example.com. 3600 A 192.0.2.54")), "p", Instant.EPOCH);
    store.write(ORIGIN, v1);
    store.write(ORIGIN, v2);
    assertThat(Files.readAllBytes(store.fileOf(ORIGIN))).isEqualTo(v2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("example.com.zone");
    }
    assertThat(store.read(ORIGIN, new HealthKeys()).zone().serial()).isEqualTo(2);
    store.delete(ORIGIN);
    assertThat(store.read(ORIGIN, new HealthKeys())).isNull();
  }

  @Test
  void aStagedVersionIsCheckedFromDiskAndLeavesNothingWhenDiscarded() throws Exception {
    ZoneStore store = store();
    List<Record> records = List.of(rr("example.com. 3600 NS ns1.example.com."),
        rr("ns1.example.com. 3600 A 192.0.2.53"));
    Path staged = store.stage(ORIGIN, out -> ZoneText.write(out, ORIGIN, soa(5), records, "p", Instant.EPOCH));
    FileLoad load = ZoneLoader.load(staged, new HealthKeys(), store.limits()); // as the next start reads it
    assertThat(load.errors()).isEmpty();
    assertThat(load.zone().serial()).isEqualTo(5);
    store.discard(staged);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    staged = store.stage(ORIGIN, out -> ZoneText.write(out, ORIGIN, soa(6), records, "p", Instant.EPOCH));
    store.commit(ORIGIN, staged);
    assertThat(store.read(ORIGIN, new HealthKeys()).zone().serial()).isEqualTo(6);
  }

  @Test
  void aStagingThatFailsLeavesNoTemporaryFile() throws Exception {
    ZoneStore store = store();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.stage(ORIGIN, out -> {
      out.write("; half a zone".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      throw new java.io.IOException("disk full");
    })).hasMessage("disk full");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aLinkWhereTheTemporaryFileGoesIsNotFollowed(@TempDir Path elsewhere) throws Exception {
    Path target = Files.writeString(elsewhere.resolve("precious"), "keep me");
    Files.createSymbolicLink(dir.resolve(".example.com.zone.tmp.1"), target); // as a crash might leave
    Files.createSymbolicLink(dir.resolve(".example.com.zone.store.tmp.2"), target);
    store().clearStaged();
    assertThat(Files.exists(dir.resolve(".example.com.zone.tmp.1"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(dir.resolve(".example.com.zone.store.tmp.2"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .isFalse();
    store().write(ORIGIN, text(ORIGIN, soa(1), List.of(rr("example.com. 3600 NS ns1.example.com.")), "p",
        Instant.EPOCH));
    assertThat(Files.readString(target)).isEqualTo("keep me");
    assertThat(store().read(ORIGIN, new HealthKeys()).zone().serial()).isEqualTo(1);
  }

  @Test
  void aZoneWithTheLongestNameIsStoredAndReadBack() throws Exception {
    // 253 octets, most of them escaped: far longer than a file name can be in full
    StringBuilder text = new StringBuilder();
    for (int label = 0; label < 4; label++) {
      text.append("\\255".repeat(60)).append('.');
    }
    Name origin = Name.fromString(text + "example.");
    org.xbill.DNS.SOARecord soa = new org.xbill.DNS.SOARecord(origin, org.xbill.DNS.DClass.IN, 3600,
        Name.fromString("ns1.example.com."), Name.fromString("h.example.com."), 7, 7200, 900, 1209600, 300);
    Record ns = new org.xbill.DNS.NSRecord(origin, org.xbill.DNS.DClass.IN, 3600, Name.fromString("ns1.example.com."));
    ZoneStore store = store();
    store.write(origin, text(origin, soa, List.of(ns), "p", Instant.EPOCH));
    assertThat(store.fileOf(origin).getFileName().toString().length()).isLessThan(255 - ".zone.tmp".length());
    FileLoad load = store.read(origin, new HealthKeys());
    assertThat(load.errors()).isEmpty();
    assertThat(load.zone().origin()).isEqualTo(origin);
    assertThat(load.zone().serial()).isEqualTo(7);
    store.delete(origin);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void twoStagingsOfOneZoneNeverShareAFile() throws Exception {
    // A check of a zone just dropped from its catalog and the check of the zone followed anew may overlap
    ZoneStore store = store();
    byte[] v1 = text(ORIGIN, soa(1), List.of(rr("example.com. 3600 NS ns1.example.com.")), "p", Instant.EPOCH);
    byte[] v2 = text(ORIGIN, soa(2), List.of(rr("example.com. 3600 NS ns1.example.com.")), "q", Instant.EPOCH);
    Path first = store.stage(ORIGIN, out -> out.write(v1));
    Path second = store.stage(ORIGIN, out -> out.write(v2));
    assertThat(first).isNotEqualTo(second);
    assertThat(Files.readAllBytes(first)).isEqualTo(v1);
    store.discard(first);
    assertThat(Files.readAllBytes(second)).as("untouched by the other's discard").isEqualTo(v2);
    store.commit(ORIGIN, second);
    assertThat(store.read(ORIGIN, new HealthKeys()).zone().serial()).isEqualTo(2);
  }

  /** The zone text the store keeps for these records, as a whole transfer writes it. */
  private static byte[] text(Name origin, org.xbill.DNS.SOARecord soa, List<Record> records, String from,
      Instant when) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ZoneText.write(out, origin, soa, records, from, when);
    return out.toByteArray();
  }
}
