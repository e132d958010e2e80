package io.wadns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The set of served zones: found by origin, listed in canonical order, told apart by instance. */
class ZoneSetTest {
  private static Zone zone(String origin) {
    String text = "$ORIGIN " + origin + "\n$TTL 300\n@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\nns A 192.0.2.53\n";
    return TestZones.parse(origin + "zone", text).zones().get(0);
  }

  @Test
  void zonesAreListedInCanonicalOrderOfTheirOrigins() {
    // RFC 4034 §6.1: labels compared from the root, case folded; a parent before its children.
    List<Zone> given = new ArrayList<>();
    for (String origin : List.of("b.example.", "Z.example.", "a.b.example.", "example.", "a.example.")) {
      given.add(zone(origin));
    }
    ZoneSet set = new ZoneSet(given);
    assertThat(set.zones()).extracting(z -> z.origin().toString())
        .containsExactly("example.", "a.example.", "b.example.", "a.b.example.", "Z.example.");
    assertThat(set.zones()).as("the same list each time").isSameAs(set.zones());
    assertThat(set.size()).isEqualTo(5);
  }

  @Test
  void holdsTellsTheVeryZoneFromAnEqualOne() {
    Zone served = zone("example.");
    ZoneSet set = new ZoneSet(List.of(served, zone("example.net.")));
    assertThat(set.holds(served)).isTrue();
    assertThat(set.holds(zone("example."))).as("the same origin, another load").isFalse();
    assertThat(set.holds(zone("example.org."))).isFalse();
    assertThat(set.find(Name.fromConstantString("www.example."))).isSameAs(served);
  }
}
