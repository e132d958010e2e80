package io.wadns.transfer;

import io.wadns.text.AddressPrefix;
import static io.wadns.transfer.TransferTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.testing.LogCapture;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** IXFR out (RFC 1995) from the journal: differences, kept across restarts, bounded, AXFR when it cannot. */
class IxfrOutTest {
  private static final TransferAcl ANYONE = new TransferAcl(List.of(
      new TransferAcl.Rule(new AddressPrefix(LOOPBACK.getAddress(), 0), null)));

  @TempDir Path dir;

  @RegisterExtension final LogCapture logs = LogCapture.of("wadns");

  static Zone v1() {
    return zone(1, 50, "old TXT \"goes away\"\nkept TXT \"stays\"\n");
  }

  static Zone v2() {
    return zone(2, 50, "kept TXT \"stays\"\nnew TXT \"arrives\"\n");
  }

  static Zone v3() {
    return zone(3, 51, "kept 60 TXT \"stays\"\nnew TXT \"arrives\"\n"); // one more host, a TTL changed
  }

  private Publisher publisher(long maxBytes) {
    return new Publisher(new JournalFile(dir.resolve("journal")), maxBytes);
  }

  private static OutboundTransfers transfers(Publisher p) {
    return new OutboundTransfers(p::get, ANYONE, KEYS, new TransferStats(), true);
  }

  private static List<Record> ixfr(Publisher p, long serial) throws Exception {
    return answers(drain(transfers(p).answer(AxfrOutTest.ixfr(serial), LOOPBACK)));
  }

  /** The zone's records as text, SOA aside. */
  private static Set<String> contents(Zone z) {
    Set<String> out = new TreeSet<>();
    for (Record r : answers(drain(TransferTesting.transfers(z, ANYONE).answer(request("example.com.", Type.AXFR).toWire(),
        LOOPBACK)))) {
      if (r.getType() != Type.SOA) {
        out.add(r.toString());
      }
    }
    return out;
  }

  /** RFC 1995 §4: applies an incremental response to {@code start}; fails when it is not one. */
  private static Set<String> apply(Set<String> start, List<Record> ixfr) {
    assertThat(ixfr.get(0)).isInstanceOf(SOARecord.class);
    assertThat(ixfr.get(1)).as("an incremental response, not the whole zone").isInstanceOf(SOARecord.class);
    Set<String> zone = new TreeSet<>(start);
    boolean deleting = false;
    for (Record r : ixfr.subList(1, ixfr.size() - 1)) {
      if (r.getType() == Type.SOA) {
        deleting = !deleting;
      } else if (deleting) {
        assertThat(zone.remove(r.toString())).as("deletes %s, which is there", r).isTrue();
      } else {
        zone.add(r.toString());
      }
    }
    return zone;
  }

  @Test
  void ixfrSendsTheDifferencesThatTakeASecondaryToTheNewestVersion() throws Exception {
    Publisher p = publisher(1 << 20);
    p.publish(new ZoneSet(List.of(v1())));
    p.publish(new ZoneSet(List.of(v2())));
    p.publish(new ZoneSet(List.of(v3())));
    List<Record> fromOne = ixfr(p, 1);
    assertThat(((SOARecord) fromOne.get(0)).getSerial()).isEqualTo(3);
    assertThat(apply(contents(v1()), fromOne)).isEqualTo(contents(v3()));
    assertThat(apply(contents(v2()), ixfr(p, 2))).isEqualTo(contents(v3()));
    assertThat(ixfr(p, 3)).singleElement().isInstanceOf(SOARecord.class);
    assertThat(fromOne.size()).as("the changed records only").isLessThan(20);
  }

  @Test
  void theJournalOutlivesARestart() throws Exception {
    Publisher before = publisher(1 << 20);
    before.publish(new ZoneSet(List.of(v1())));
    before.publish(new ZoneSet(List.of(v2())));
    Publisher after = publisher(1 << 20);
    after.publish(new ZoneSet(List.of(v2())));
    assertThat(apply(contents(v1()), ixfr(after, 1))).isEqualTo(contents(v2()));
    after.publish(new ZoneSet(List.of(v3())));
    assertThat(apply(contents(v1()), ixfr(after, 1))).isEqualTo(contents(v3()));
  }

  @Test
  void aJournalThatDoesNotLeadToTheLoadedSerialIsStartedAnew() throws Exception {
    Publisher before = publisher(1 << 20);
    before.publish(new ZoneSet(List.of(v1())));
    before.publish(new ZoneSet(List.of(v2())));
    Publisher after = publisher(1 << 20);
    after.publish(new ZoneSet(List.of(v3()))); // the file changed while wadns was stopped
    List<Record> whole = ixfr(after, 1);
    assertThat(whole.get(1)).as("the whole zone").isNotInstanceOf(SOARecord.class);
    assertThat(whole).hasSize(contents(v3()).size() + 2);
    assertThat(logs.messages(Level.INFO)).anyMatch(m -> m.contains("ends at serial 2, the zone is at 3"));
  }

  @Test
  void theJournalIsBoundedAndFallsBackToTheWholeZone() throws Exception {
    Publisher p = publisher(400);
    p.publish(new ZoneSet(List.of(v1())));
    p.publish(new ZoneSet(List.of(v2())));
    p.publish(new ZoneSet(List.of(v3())));
    List<Record> fromOne = ixfr(p, 1);
    assertThat(fromOne.get(1)).as("serial 1 fell out of the journal: the whole zone").isNotInstanceOf(SOARecord.class);
    assertThat(apply(contents(v2()), ixfr(p, 2))).isEqualTo(contents(v3()));
    assertThat(Files.size(dir.resolve("journal").resolve("example.com.journal"))).isLessThan(400 + 64);
  }

  @Test
  void aSmallZonesJournalStaysInProportionToTheZone() throws Exception {
    Publisher p = publisher(16 << 20); // the default journal-size
    long bound = Publisher.bound(v1(), 16 << 20);
    assertThat(bound).as("a small zone: the floor").isEqualTo(Publisher.MIN_JOURNAL_BYTES);
    // 300 changes of one TXT record with its serial: far more than 16 KiB of differences in all
    for (int serial = 1; serial <= 300; serial++) {
      p.publish(new ZoneSet(List.of(zone(serial, 50, "kept TXT \"version " + serial + " of a longer text\"\n"))));
    }
    Publisher.Published last = p.get(v1().origin());
    assertThat(last.journal().bytes()).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
    assertThat(last.journal().differences().size()).isLessThan(299);
    assertThat(last.journal().lastSerial()).isEqualTo(300);
    // what the journal still covers is served as IXFR; an older serial gets the whole zone
    long oldest = last.journal().differences().get(0).fromSerial();
    assertThat(ixfr(p, oldest).get(1)).isInstanceOf(SOARecord.class);
    assertThat(ixfr(p, 1).get(1)).isNotInstanceOf(SOARecord.class);
  }

  @Test
  void aBigZonesJournalIsBoundedByJournalSize() {
    Zone big = zone(1, 9_999, "");
    assertThat(2 * big.data().footprint()).isGreaterThan(64 << 10);
    assertThat(Publisher.bound(big, 64 << 10)).isEqualTo(64 << 10);
    assertThat(Publisher.bound(big, 16 << 20)).isEqualTo(2 * big.data().footprint());
  }

  @Test
  void aChangeWithoutAGreaterSerialIsNotPublished() throws Exception {
    Publisher p = publisher(1 << 20);
    p.publish(new ZoneSet(List.of(v1())));
    Zone sameSerial = zone(1, 50, "kept TXT \"changed\"\n");
    Publisher.Changes changes = p.publish(new ZoneSet(List.of(sameSerial)));
    assertThat(changes.changed()).isEmpty();
    assertThat(p.zone(sameSerial.origin())).isNotSameAs(sameSerial);
    assertThat(contents(p.zone(sameSerial.origin()))).isEqualTo(contents(v1()));
    assertThat(logs.messages(Level.WARN)).anyMatch(m -> m.contains("zone example.com. changed but its SOA serial 1"
        + " is not greater than 1: not published to secondaries"));
    Zone sameData = v1();
    assertThat(p.publish(new ZoneSet(List.of(sameData))).changed()).isEmpty();
    assertThat(p.zone(sameData.origin())).isSameAs(sameData);
  }

  @Test
  void aDamagedJournalIsIgnored() throws Exception {
    Publisher before = publisher(1 << 20);
    before.publish(new ZoneSet(List.of(v1())));
    before.publish(new ZoneSet(List.of(v2())));
    Path file = dir.resolve("journal").resolve("example.com.journal");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 7] ^= (byte) 0xC0;
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    Publisher after = publisher(1 << 20);
    after.publish(new ZoneSet(List.of(v2())));
    assertThat(ixfr(after, 1).get(1)).isNotInstanceOf(SOARecord.class);
    assertThat(logs.messages(Level.WARN)).anyMatch(m -> m.contains("journal of zone example.com.")
        && m.contains("not used"));
  }

  @Test
  void anAddedZoneAndARemovedOneAreChanges() {
    Publisher p = new Publisher(null, 1 << 20);
    assertThat(p.publish(new ZoneSet(List.of(v1()))).changed()).hasSize(1);
    Publisher.Changes gone = p.publish(ZoneSet.empty());
    assertThat(gone.removed()).containsExactly(v1().origin());
  }
}
