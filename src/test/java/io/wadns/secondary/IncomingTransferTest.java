package io.wadns.secondary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.zonefile.WireZone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

class IncomingTransferTest {
  static final Name ORIGIN = name("example.com.");

  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  static SOARecord soa(long serial) {
    return (SOARecord) rr("example.com. 3600 SOA ns1.example.com. h.example.com. " + serial
        + " 7200 900 1209600 300");
  }

  /** Where a whole zone's records go in these tests: a draft of the store's file of the zone. */
  static final java.util.function.Supplier<WireZone> WHOLE_ZONE =
      () -> new WireZone(java.nio.file.Path.of("example.com.zone"), 64, SecondaryTest.ZONE_LIMITS);

  static Record rr(String text) {
    try {
      String[] f = text.split(" ", 4);
      return Record.fromString(name(f[0]), org.xbill.DNS.Type.value(f[2]), org.xbill.DNS.DClass.IN,
          Long.parseLong(f[1]), f[3], ORIGIN);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Transferred feed(long ours, List<Record> records) throws TransferException {
    return feed(ours, records, 100);
  }

  static Transferred feed(long ours, List<Record> records, long maxRecords) throws TransferException {
    IncomingTransfer t = new IncomingTransfer(ORIGIN, ours, maxRecords, WHOLE_ZONE);
    for (Record r : records) {
      t.add(r);
    }
    assertThat(t.done()).isTrue();
    return t.result();
  }

  @Test
  void axfrIsTheZoneBetweenTwoSoas() throws Exception {
    Transferred t = feed(-1, List.of(soa(5), rr("example.com. 60 NS ns.example.net."),
        rr("www.example.com. 60 A 192.0.2.1"), soa(5)));
    assertThat(t).isInstanceOf(Transferred.Full.class);
    Transferred.Full full = (Transferred.Full) t;
    assertThat(full.records()).isEqualTo(3);
    assertThat(t.soa().getSerial()).isEqualTo(5);
    io.wadns.zone.Zone zone = full.zone().build(new io.wadns.health.HealthKeys()).zone();
    assertThat(zone.serial()).isEqualTo(5);
    assertThat(SecondaryTest.text(zone)).containsExactlyInAnyOrder(
        rr("example.com. 60 NS ns.example.net.").toString(), rr("www.example.com. 60 A 192.0.2.1").toString());
  }

  @Test
  void ixfrAnsweredWithTheSoaAloneIsUpToDate() throws Exception {
    assertThat(feed(5, List.of(soa(5)))).isInstanceOf(Transferred.UpToDate.class);
    assertThat(feed(6, List.of(soa(5)))).as("older on the primary").isInstanceOf(Transferred.UpToDate.class);
  }

  @Test
  void ixfrAnsweredWithTheWholeZoneOfAnOlderOrEqualSerialIsUpToDate() throws Exception {
    List<Record> older = List.of(soa(5), rr("www.example.com. 60 A 192.0.2.1"), soa(5));
    assertThat(feed(6, older)).as("older on the primary").isInstanceOf(Transferred.UpToDate.class);
    assertThat(feed(5, older)).as("the same serial").isInstanceOf(Transferred.UpToDate.class);
  }

  @Test
  void ixfrWithTwoDifferencesInOrder() throws Exception {
    Transferred t = feed(1, List.of(soa(3),
        soa(1), rr("a.example.com. 60 A 192.0.2.1"), soa(2), rr("a.example.com. 60 A 192.0.2.2"),
        soa(2), soa(3), rr("b.example.com. 60 A 192.0.2.3"),
        soa(3)));
    Transferred.Incremental inc = (Transferred.Incremental) t;
    assertThat(inc.differences()).hasSize(2);
    assertThat(inc.differences().get(0).deleted()).hasSize(1);
    assertThat(inc.differences().get(1).added()).hasSize(1);
  }

  @Test
  void ixfrAnsweredWithTheWholeZone() throws Exception {
    Transferred t = feed(1, List.of(soa(3), rr("a.example.com. 60 A 192.0.2.1"), soa(3)));
    assertThat(t).isInstanceOf(Transferred.Full.class);
  }

  @Test
  void brokenResponsesAreRefused() {
    assertThatThrownBy(() -> feed(-1, List.of(rr("a.example.com. 60 A 192.0.2.1"))))
        .hasMessageContaining("does not start with the zone's SOA");
    assertThatThrownBy(() -> feed(-1, List.of(soa(5), rr("a.example.net. 60 A 192.0.2.1"))))
        .hasMessageContaining("out of the zone");
    assertThatThrownBy(() -> feed(-1, List.of(soa(5), soa(6))))
        .hasMessageContaining("closing SOA");
    assertThatThrownBy(() -> feed(-1, List.of(soa(5), soa(5), rr("a.example.com. 60 A 192.0.2.1"))))
        .hasMessageContaining("after the final SOA");
    assertThatThrownBy(() -> feed(1, List.of(soa(3), soa(1), soa(2), soa(1), soa(3), soa(3))))
        .hasMessageContaining("from serial 1 where 2");
  }

  @Test
  void queryAndMetaTypesAreRefusedAsInAZoneFile() {
    for (int type : new int[] {org.xbill.DNS.Type.OPT, org.xbill.DNS.Type.TSIG, org.xbill.DNS.Type.ANY, 128, 0}) {
      Record meta = Record.newRecord(name("www.example.com."), type, org.xbill.DNS.DClass.IN, 60);
      assertThatThrownBy(() -> feed(5, List.of(soa(6), soa(5), soa(6), meta, soa(6))))
          .as(org.xbill.DNS.Type.string(type)).isInstanceOf(TransferException.class)
          .hasMessageContaining("a query or meta type, not zone data");
      assertThatThrownBy(() -> feed(-1, List.of(soa(6), meta, soa(6)))).isInstanceOf(TransferException.class);
    }
  }

  @Test
  void moreRecordsThanTheLimitStop() {
    IncomingTransfer t = new IncomingTransfer(ORIGIN, -1, 3, WHOLE_ZONE);
    assertThatThrownBy(() -> {
      t.add(soa(1));
      for (int i = 0; i < 10; i++) {
        t.add(rr("a" + i + ".example.com. 60 A 192.0.2.1"));
      }
    }).hasMessageContaining("more than 3 records");
  }
}
