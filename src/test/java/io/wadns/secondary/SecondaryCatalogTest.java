package io.wadns.secondary;

import static io.wadns.secondary.IncomingTransferTest.rr;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthRegistry;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.ZoneSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** A catalog zone (RFC 9432 version 2) followed as a secondary zone: its members come and go with it. */
class SecondaryCatalogTest {
  static final Name CATALOG = Name.fromConstantString("catalog.invalid.");
  static final Name NET = Name.fromConstantString("example.net.");
  static final Name ORG = Name.fromConstantString("example.org.");

  @TempDir
  Path store;

  final List<AutoCloseable> closing = new ArrayList<>();
  /** The zones the fake primary serves by AXFR, by name. */
  final Map<Name, List<Record>> served = new ConcurrentHashMap<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  static List<Record> catalog(long serial, String version, Name... members) {
    List<Record> out = new ArrayList<>(List.of(
        rr("catalog.invalid. 0 SOA invalid. invalid. " + serial + " 3600 600 2147483646 0"),
        rr("catalog.invalid. 0 NS invalid."),
        rr("version.catalog.invalid. 0 TXT \"" + version + "\"")));
    for (Name m : members) {
      out.add(rr("m" + Math.abs(m.hashCode()) + ".zones.catalog.invalid. 0 PTR " + m));
    }
    return out;
  }

  static List<Record> member(Name origin, long serial) {
    String o = origin.toString();
    return List.of(rr(o + " 3600 SOA ns1." + o + " h." + o + " " + serial + " 7200 900 1209600 300"),
        rr(o + " 3600 NS ns1." + o), rr("ns1." + o + " 3600 A 192.0.2.53"));
  }

  List<List<Record>> answer(Message q) {
    List<Record> zone = served.get(q.getQuestion().getName());
    if (zone == null) {
      return List.of();
    }
    List<Record> all = new ArrayList<>(zone);
    all.add(zone.get(0));
    return FakePrimary.one(all);
  }

  Secondary secondary(FakePrimary p) {
    Secondary s = new Secondary(List.of(), List.of(new Secondary.Followed(CATALOG, List.of(p.address()), null)),
        store, TsigKeyring.empty(), new HealthRegistry(Clock.systemUTC()), new Object(), Clock.systemUTC(),
        SecondaryTest.LIMITS, SecondaryTest.ZONE_LIMITS);
    closing.add(s);
    return s;
  }

  @Test
  void membersOfTheCatalogBecomeSecondaryZonesAndLeaveWithIt() throws Exception {
    served.put(CATALOG, catalog(1, "2", NET, ORG));
    served.put(NET, member(NET, 10));
    served.put(ORG, member(ORG, 20));
    Secondary s = started(CATALOG);
    assertThat(s.zone(NET)).isNotNull();
    assertThat(s.zone(NET).memberOf).isEqualTo(CATALOG);
    s.check(s.zone(NET));
    s.check(s.zone(ORG));
    ZoneSet set = s.served(ZoneSet::empty).get();
    assertThat(set.find(NET).serial()).isEqualTo(10);
    assertThat(set.find(ORG).serial()).isEqualTo(20);
    assertThat(s.state()).extracting(SecondaryZoneState::zone)
        .contains("catalog.invalid.", "example.net.", "example.org.");
    io.wadns.metrics.MetricsRegistry metrics = new io.wadns.metrics.MetricsRegistry();
    io.wadns.metrics.SecondaryMetrics.register(metrics.prometheus(), s::state, s::notifiesRefused);
    assertThat(new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("wadns_secondary_catalog_member{catalog=\"catalog.invalid.\",zone=\"example.net.\"} 1");

    served.put(CATALOG, catalog(2, "2", NET));
    s.check(s.zone(CATALOG));
    assertThat(s.zone(ORG)).as("left the catalog").isNull();
    assertThat(s.served(ZoneSet::empty).get().find(ORG)).isNull();
    assertThat(Files.exists(store.resolve("example.org.zone"))).isFalse();
    assertThat(s.served(ZoneSet::empty).get().find(NET).serial()).isEqualTo(10);
  }

  @Test
  void aRestartServesTheMembersOfTheStoredCatalog() throws Exception {
    served.put(CATALOG, catalog(1, "2", NET));
    served.put(NET, member(NET, 10));
    FakePrimary p = new FakePrimary(this::answer);
    closing.add(p);
    Secondary s = secondary(p);
    s.loadStore();
    s.check(s.zone(CATALOG));
    s.check(s.zone(NET));
    s.close();
    served.clear(); // the primary is down: every connection closed unanswered
    Secondary again = secondary(p);
    again.loadStore();
    assertThat(again.served(ZoneSet::empty).get().find(NET).serial()).isEqualTo(10);
  }

  @Test
  void aCatalogOfAnotherVersionIsNotInterpreted() throws Exception {
    served.put(CATALOG, catalog(1, "1", NET));
    Secondary s = started(CATALOG);
    assertThat(s.zone(CATALOG).zone).as("served as a zone").isNotNull();
    assertThat(s.zone(NET)).isNull();
  }

  @Test
  void membersAtAboveOrBelowOurZonesAndTheRootAreRefused() throws Exception {
    Name below = Name.fromConstantString("x.example.com.");
    Name above = Name.fromConstantString("com.");
    Name atFile = Name.fromConstantString("example.com.");
    served.put(CATALOG, catalog(1, "2", NET, below, above, atFile, Name.root, new Name(CATALOG, 1)));
    FakePrimary p = new FakePrimary(this::answer);
    closing.add(p);
    Secondary s = secondary(p);
    io.wadns.zone.Zone file = io.wadns.zonefile.ZoneLoader.loadText("example.com.zone",
        "example.com. 3600 SOA ns1.example.com. h.example.com. 1 7200 900 1209600 300\n"
        + "example.com. 3600 NS ns1.example.com.\nns1.example.com. 3600 A 192.0.2.53\n", store,
        new io.wadns.health.HealthKeys()).zone();
    ZoneSet files = new ZoneSet(List.of(file));
    s.served(() -> files);
    s.loadStore();
    s.check(s.zone(CATALOG));
    assertThat(s.zone(NET)).as("an unrelated member").isNotNull();
    assertThat(s.zone(below)).as("below a zone file's zone").isNull();
    assertThat(s.zone(above)).as("above a zone file's zone").isNull();
    assertThat(s.zone(atFile)).as("at a zone file's zone").isNull();
    assertThat(s.zone(Name.root)).as("the root").isNull();
    assertThat(s.zone(new Name(CATALOG, 1))).as("above the catalog itself").isNull();
  }

  static final Name CATALOG2 = Name.fromConstantString("catalog2.invalid.");

  /** A version 2 catalog named {@code catalog} with the records {@code lines} ("ID PTR MEMBER", relative to zones). */
  static List<Record> catalogOf(Name catalog, long serial, String... lines) {
    String c = catalog.toString();
    List<Record> out = new ArrayList<>(List.of(
        rr(c + " 0 SOA invalid. invalid. " + serial + " 3600 600 2147483646 0"),
        rr(c + " 0 NS invalid."),
        rr("version." + c + " 0 TXT \"2\"")));
    for (String line : lines) {
      String[] f = line.split(" ");
      out.add(rr(f[0] + ".zones." + c + " 0 PTR " + f[2]));
    }
    return out;
  }

  Secondary secondary(FakePrimary p, Name... catalogs) {
    List<Secondary.Followed> followed = new ArrayList<>();
    for (Name c : catalogs) {
      followed.add(new Secondary.Followed(c, List.of(p.address()), null));
    }
    Secondary s = new Secondary(List.of(), followed, store, TsigKeyring.empty(), new HealthRegistry(Clock.systemUTC()),
        new Object(), Clock.systemUTC(), SecondaryTest.LIMITS, SecondaryTest.ZONE_LIMITS);
    closing.add(s);
    return s;
  }

  /** A secondary of a fake primary serving {@link #served}, following {@code catalogs}, each checked once. */
  Secondary started(Name... catalogs) throws Exception {
    FakePrimary p = new FakePrimary(this::answer);
    closing.add(p);
    Secondary s = secondary(p, catalogs);
    s.loadStore();
    for (Name c : catalogs) {
      s.check(s.zone(c));
    }
    return s;
  }

  @Test
  void aBrokenCatalogVersionKeepsTheMembersOfTheVersionBefore() throws Exception {
    served.put(CATALOG, catalogOf(CATALOG, 1, "a PTR example.net."));
    served.put(NET, member(NET, 10));
    Secondary s = started(CATALOG);
    s.check(s.zone(NET));
    // RFC 9432 §4.2: a member ID with two PTR records makes the catalog broken, not processed
    served.put(CATALOG, catalogOf(CATALOG, 2, "a PTR example.net.", "a PTR example.org."));
    s.check(s.zone(CATALOG));
    assertThat(s.zone(CATALOG).zone.serial()).isEqualTo(2);
    assertThat(s.zone(NET)).as("still followed").isNotNull();
    assertThat(s.served(ZoneSet::empty).get().find(NET).serial()).isEqualTo(10);
    assertThat(Files.exists(store.resolve("example.net.zone"))).isTrue();
  }

  @Test
  void aNewMemberIdResetsTheZone() throws Exception {
    served.put(CATALOG, catalogOf(CATALOG, 1, "a PTR example.net."));
    served.put(NET, member(NET, 1000));
    Secondary s = started(CATALOG);
    FollowedZone before = s.zone(NET);
    s.check(before);
    assertThat(s.served(ZoneSet::empty).get().find(NET).serial()).isEqualTo(1000);
    // The zone is rebuilt at serial 5 and moved to a new member ID: RFC 9432 §5.5, a reset
    served.put(NET, member(NET, 5));
    served.put(CATALOG, catalogOf(CATALOG, 2, "b PTR example.net."));
    s.check(s.zone(CATALOG));
    FollowedZone after = s.zone(NET);
    assertThat(after).isNotSameAs(before);
    assertThat(after.memberId).isEqualTo(Name.fromConstantString("b.zones.catalog.invalid."));
    assertThat(before.dropped).isTrue();
    s.check(after);
    assertThat(s.served(ZoneSet::empty).get().find(NET).serial()).as("serial 5, not 1000 kept as newer").isEqualTo(5);
    // a check of the dropped zone still running serves and stores nothing, though its serial is newer
    served.put(NET, member(NET, 2000));
    s.check(before);
    assertThat(s.served(ZoneSet::empty).get().find(NET).serial()).isEqualTo(5);
    assertThat(Files.readString(store.resolve("example.net.zone"))).contains(" 5 7200 ");
    assertThat(before.refreshFailures.sum()).as("stopped as no longer followed").isEqualTo(1);
  }

  @Test
  void aZoneOneCatalogDropsIsTakenUpByAnotherThatListsIt() throws Exception {
    served.put(CATALOG, catalogOf(CATALOG, 1, "a PTR example.net."));
    served.put(CATALOG2, catalogOf(CATALOG2, 1, "x PTR example.net."));
    served.put(NET, member(NET, 10));
    Secondary s = started(CATALOG, CATALOG2);
    assertThat(s.zone(NET).memberOf).isEqualTo(CATALOG);
    served.put(CATALOG, catalogOf(CATALOG, 2)); // RFC 9432 §5.4: the zone moves to the other catalog
    s.check(s.zone(CATALOG));
    assertThat(s.zone(NET)).as("the other catalog lists it").isNotNull();
    assertThat(s.zone(NET).memberOf).isEqualTo(CATALOG2);
    s.check(s.zone(NET));
    assertThat(s.served(ZoneSet::empty).get().find(NET).serial()).isEqualTo(10);
  }

  @Test
  void aMemberAboveOrBelowAnotherCatalogsMemberIsRefused() throws Exception {
    served.put(CATALOG, catalogOf(CATALOG, 1, "a PTR example.net."));
    served.put(CATALOG2, catalogOf(CATALOG2, 1, "x PTR www.example.net.", "y PTR net.", "z PTR example.org."));
    Secondary s = started(CATALOG, CATALOG2);
    assertThat(s.zone(NET).memberOf).isEqualTo(CATALOG);
    assertThat(s.zone(Name.fromConstantString("www.example.net."))).as("below another catalog's member").isNull();
    assertThat(s.zone(Name.fromConstantString("net."))).as("above another catalog's member").isNull();
    assertThat(s.zone(ORG)).as("an unrelated member").isNotNull();
  }
}
