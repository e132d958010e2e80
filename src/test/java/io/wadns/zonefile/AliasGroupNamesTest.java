package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.Zone;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * A group is named as the alias that reaches it spells its target: that name is the {@code group} label
 * of the weighted answers' metrics and what the health logs print, so it follows the zone's text, not
 * the case in which the group's own records happen to be written.
 */
class AliasGroupNamesTest {
  @Test
  void aGroupIsNamedAsTheAliasSpellsItsTarget() throws Exception {
    ZoneLoader.FileLoad load = TestZones.read("example.com.zone", TestZones.exampleCom("""
        endpoint-a A 192.0.2.1
        endpoint-a A 192.0.2.2
        inner ALIAS 1 Endpoint-A
        www ALIAS 1 INNER
        """));
    assertThat(load.problems()).isEmpty();
    Zone zone = load.zone();
    WeightedName www = zone.aliasesByNode().values().stream().map(w -> w[0])
        .filter(w -> w.owner().equals(Name.fromConstantString("www.example.com."))).findFirst().orElseThrow();
    assertThat(www.owner().toString()).isEqualTo("www.example.com.");
    assertThat(www.leaves()).extracting(AddressGroup::source).extracting(Name::toString)
        .containsExactly("Endpoint-A.example.com.");
  }
}
