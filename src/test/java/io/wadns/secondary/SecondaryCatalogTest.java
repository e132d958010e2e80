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
    FakePrimary p = new FakePrimary(this::answer);
    closing.add(p);
    Secondary s = secondary(p);
    s.loadStore();
    s.check(s.zone(CATALOG));
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
    FakePrimary p = new FakePrimary(this::answer);
    closing.add(p);
    Secondary s = secondary(p);
    s.loadStore();
    s.check(s.zone(CATALOG));
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
}
