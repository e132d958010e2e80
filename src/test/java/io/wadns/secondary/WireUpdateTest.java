package io.wadns.secondary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.health.HealthKeys;
import io.wadns.zone.Zone;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/**
 * The differences of an incremental transfer applied in wire form to the zone held give the zone that
 * applying them one after the other to its records gives: deletions, additions, a TTL replaced, a record
 * added then deleted again, several differences in a row; and they refuse what does not fit our copy.
 */
class WireUpdateTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  @TempDir
  Path dir;

  static final String ZONE = """
      $ORIGIN example.com.
      $TTL 3600
      @ SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      a 60 A 192.0.2.1
      b 60 A 192.0.2.2
      Www ALIAS 1 a
      www ALIAS 3 b
      txt TXT "old"
      """;

  Zone held() {
    return ZoneLoader.loadText("example.com.zone", ZONE, dir, new HealthKeys()).zone();
  }

  static Name n(String s) {
    return Name.fromConstantString(s + ".example.com.");
  }

  static SOARecord soa(long serial) {
    return new SOARecord(ORIGIN, DClass.IN, 3600, n("ns1"), n("hostmaster"), serial, 7200, 900, 1209600, 300);
  }

  static ARecord a(String name, long ttl, int last) throws Exception {
    return new ARecord(n(name), DClass.IN, ttl, java.net.InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2,
        (byte) last}));
  }

  static Transferred.Difference diff(long from, List<Record> deleted, long to, List<Record> added) {
    return new Transferred.Difference(soa(from), deleted, soa(to), added);
  }

  ZoneLoader.FileLoad apply(Zone held, Transferred.Incremental inc, WireUpdate[] out) throws TransferException {
    WireUpdate u = WireUpdate.of(held, inc);
    out[0] = u;
    return ZoneLoader.loadRecords(dir.resolve("example.com.zone"), u.expectedRecords(), u::feed, new HealthKeys(),
        LoadLimits.confinedTo(dir, List.of()));
  }

  /** Every record of a zone as presentation text, sorted. */
  static Set<String> text(Zone zone) {
    Set<String> out = new TreeSet<>();
    for (Record r : ZoneUpdate.records(zone)) {
      out.add(r.toString());
    }
    out.add(ZoneUpdate.soaOf(zone).toString());
    return out;
  }

  @Test
  void differencesInARowGiveTheZoneTheirTextGives() throws Exception {
    TXTRecord txt = new TXTRecord(n("txt"), DClass.IN, 3600, "old");
    Transferred.Incremental inc = new Transferred.Incremental(soa(4), List.of(
        diff(1, List.of(a("a", 60, 1), txt), 2, List.of(a("a", 60, 11), a("c", 60, 3))),
        diff(2, List.of(a("c", 60, 3)), 3, List.of(a("b", 120, 2))), // c added then gone; b's TTL replaced
        diff(3, List.of(), 4, List.of(a("d", 60, 4)))));
    WireUpdate[] u = new WireUpdate[1];

    ZoneLoader.FileLoad load = apply(held(), inc, u);

    String expected = ZONE.replace("serial", "").replace("hostmaster 1 ", "hostmaster 4 ")
        .replace("a 60 A 192.0.2.1", "a 60 A 192.0.2.11").replace("b 60 A 192.0.2.2", "b 120 A 192.0.2.2")
        .replace("txt TXT \"old\"\n", "") + "d 60 A 192.0.2.4\n";
    Zone want = ZoneLoader.loadText("example.com.zone", expected, dir, new HealthKeys()).zone();
    assertThat(load.problems()).isEmpty();
    assertThat(u[0].unmatched()).isNull();
    assertThat(load.zone().serial()).isEqualTo(4);
    assertThat(text(load.zone())).isEqualTo(text(want)).anyMatch(r -> r.startsWith("Www.example.com."));
  }

  @Test
  void aDeletionOfARecordWeDoNotHoldIsFound() throws Exception {
    Transferred.Incremental inc = new Transferred.Incremental(soa(2), List.of(
        diff(1, List.of(a("a", 60, 99)), 2, List.of())));
    WireUpdate[] u = new WireUpdate[1];

    apply(held(), inc, u);

    assertThat(u[0].unmatched()).isEqualTo(a("a", 60, 99));
  }

  @Test
  void aDifferenceFromAnotherVersionOrADoubleDeletionIsRefused() throws Exception {
    assertThatThrownBy(() -> WireUpdate.of(held(), new Transferred.Incremental(soa(3), List.of(
        diff(2, List.of(), 3, List.of()))))).isInstanceOf(TransferException.class)
        .hasMessageContaining("from serial 2 while we are at 1");
    assertThatThrownBy(() -> WireUpdate.of(held(), new Transferred.Incremental(soa(3), List.of(
        diff(1, List.of(a("a", 60, 1)), 2, List.of()), diff(2, List.of(a("a", 60, 1)), 3, List.of())))))
        .isInstanceOf(TransferException.class).hasMessageContaining("deletes a record twice");
  }

  @Test
  void aDifferenceThatBreaksTheZoneIsFoundByTheBuilder() throws Exception {
    // Deleting b leaves www's second alias without a target.
    Transferred.Incremental inc = new Transferred.Incremental(soa(2), List.of(
        diff(1, List.of(a("b", 60, 2)), 2, List.of())));
    WireUpdate[] u = new WireUpdate[1];

    ZoneLoader.FileLoad load = apply(held(), inc, u);

    assertThat(u[0].unmatched()).isNull();
    assertThat(load.zone()).isNull();
    assertThat(load.problems()).isNotEmpty();
  }
}
