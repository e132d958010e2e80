package io.wadns.secondary;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ServedZonesTest {
  static final Name COM = Name.fromConstantString("example.com.");
  static final Name NET = Name.fromConstantString("example.net.");

  static Zone zone(String origin, String address) {
    return TestZones.parse(origin + "zone", TestZones.HEAD.replace("example.com.", origin)
        + "www A " + address + "\n").zones().get(0);
  }

  @Test
  void aPrimaryZoneWinsAndExpiredSecondaryZonesFail() {
    Zone primaryCom = zone("example.com.", "192.0.2.1");
    Zone secondaryCom = zone("example.com.", "192.0.2.2");
    AtomicReference<ZoneSet> primary = new AtomicReference<>(new ZoneSet(List.of(primaryCom)));
    AtomicReference<ServedZones.Secondaries> secondary = new AtomicReference<>(new ServedZones.Secondaries(
        new ZoneSet(List.of(secondaryCom), List.of(NET)), Set.of()));
    ServedZones served = new ServedZones(primary::get, secondary::get);
    ZoneSet set = served.get();
    assertThat(set.find(COM)).isSameAs(primaryCom);
    assertThat(set.failed()).containsExactly(NET);
    assertThat(served.get()).as("the same set while nothing changes").isSameAs(set);

    Zone net = zone("example.net.", "192.0.2.3");
    secondary.set(new ServedZones.Secondaries(new ZoneSet(List.of(secondaryCom, net)), Set.of()));
    assertThat(served.get().find(NET)).isSameAs(net);
    assertThat(served.get().failed()).isEmpty();
  }

  @Test
  void aCatalogMemberAtAboveOrBelowAPrimaryZoneIsLeftOut() {
    Zone primaryCom = zone("example.com.", "192.0.2.1");
    Zone below = zone("x.example.com.", "192.0.2.2");
    Zone above = zone("com.", "192.0.2.3");
    Zone net = zone("example.net.", "192.0.2.4");
    Zone configured = zone("y.example.com.", "192.0.2.5"); // below, but of the configuration: the operator's choice
    Set<Name> members = Set.of(below.origin(), above.origin(), net.origin(), Name.fromConstantString("a.invalid."));
    ZoneSet set = ServedZones.combine(new ZoneSet(List.of(primaryCom)), new ServedZones.Secondaries(
        new ZoneSet(List.of(below, above, net, configured), List.of(Name.fromConstantString("a.invalid."))),
        members));
    assertThat(set.find(Name.fromConstantString("www.x.example.com."))).isSameAs(primaryCom);
    assertThat(set.find(Name.fromConstantString("www.example.org.com."))).isNull();
    assertThat(set.find(NET)).isSameAs(net);
    assertThat(set.find(Name.fromConstantString("www.y.example.com."))).isSameAs(configured);
    assertThat(set.failed()).containsExactly(Name.fromConstantString("a.invalid."));
  }

  @org.junit.jupiter.api.extension.RegisterExtension
  final io.wadns.testing.LogCapture log = io.wadns.testing.LogCapture.of("wadns");

  @Test
  void aSecondaryZoneAZoneFileHidesIsToldOnceWhileHidden() {
    Zone secondaryCom = zone("example.com.", "192.0.2.2");
    Zone below = zone("x.example.com.", "192.0.2.3");
    Zone configured = zone("y.example.com.", "192.0.2.5");
    AtomicReference<ZoneSet> primary = new AtomicReference<>(ZoneSet.empty());
    ServedZones.Secondaries secondaries = new ServedZones.Secondaries(new ZoneSet(List.of(secondaryCom, below,
        configured)), Set.of(below.origin()));
    ServedZones served = new ServedZones(primary::get, () -> secondaries);
    served.get();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).isEmpty();
    // a zone file of example.com. is added: it hides the secondary example.com. and the member below it
    primary.set(new ZoneSet(List.of(zone("example.com.", "192.0.2.1"))));
    served.get();
    primary.set(new ZoneSet(List.of(zone("example.com.", "192.0.2.9")))); // reloaded: not told again
    served.get();
    assertThat(served.hidden()).as("for the metrics").containsExactlyInAnyOrder(secondaryCom.origin(),
        below.origin());
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).hasSize(2)
        .anyMatch(m -> m.contains("secondary zone example.com. is not answered: a zone file of this server has the"
            + " same name"))
        .anyMatch(m -> m.contains("secondary zone x.example.com. is not answered: a zone file of this server is at,"
            + " above or below it"));
    // the zone file goes, and comes back: told again
    primary.set(ZoneSet.empty());
    assertThat(served.hidden()).isEmpty();
    primary.set(new ZoneSet(List.of(zone("example.com.", "192.0.2.1"))));
    served.get();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).hasSize(4);
  }
}
