package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthView;
import io.wadns.testing.TestZones;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.Zone;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A group is one object for every alias that reaches it the same way: same name, type, max= and id (the
 * id is the target as the alias spells it, unless id= gives one). Each difference makes a group of its own,
 * named and limited as its alias says.
 */
class AliasSharingTest {
  private static final String ZONE = TestZones.head(60)
      + "g A 10.0.0.1\ng A 10.0.0.2\nh A 10.0.0.3\nh AAAA 2001:db8::3\n"
      + "a ALIAS 1 g\na ALIAS 1 h\n"
      + "b ALIAS 1 g\nb ALIAS 1 h\n"
      + "c ALIAS 1 g id=blue\nc ALIAS 1 h\n"
      + "d ALIAS 1 G\nd ALIAS 1 h\n"
      + "e ALIAS 1 g max=1\ne ALIAS 1 h\n"
      + "f ALIAS 1 g id=blue\nf ALIAS 1 h\n"
      + "top ALIAS 1 a\ntop ALIAS 1 e\n";

  /** The first alias to reach a group may carry an id or a limit; later ones find what it made. */
  private static final String FIRST_REACHES_WITH_OPTIONS = TestZones.head(60)
      + "g A 10.0.0.1\ng A 10.0.0.2\nk A 10.0.0.4\nk A 10.0.0.5\n"
      + "m1 ALIAS 1 g id=blue\nm1 ALIAS 1 k max=1\n"
      + "m2 ALIAS 1 g\nm2 ALIAS 1 k\n"
      + "m3 ALIAS 1 G id=blue\nm3 ALIAS 1 k max=1\n"
      + "lim1 ALIAS 1 m2 max=1\nlim1 ALIAS 1 k\n"
      + "lim2 ALIAS 1 m2 max=1\nlim2 ALIAS 1 g\n";

  private static AddressGroup group(Zone zone, String owner, int i) {
    return (AddressGroup) weighted(zone, owner, Type.A).root().target(i);
  }

  @Test
  void aGroupOrChoiceFirstReachedWithAnIdOrALimitIsSharedAsThatAliasMadeIt() {
    ZoneLoader.FileLoad load = TestZones.read("example.com.zone", FIRST_REACHES_WITH_OPTIONS);
    assertThat(load.problems()).isEmpty();
    Zone zone = load.zone();
    AddressGroup blue = group(zone, "m1", 0);
    assertThat(blue.id()).isEqualTo("blue");
    assertThat(group(zone, "m3", 0)).as("id=blue, spelled G: one group, named as first spelled").isSameAs(blue);
    assertThat(blue.source()).hasToString("g.example.com.");
    assertThat(group(zone, "m2", 0)).as("no id").isNotSameAs(blue).extracting(AddressGroup::id)
        .isEqualTo("g.example.com.");
    AddressGroup limited = group(zone, "m1", 1);
    assertThat(limited.servedIndices(i -> 0, HealthView.ALL_UP)).hasSize(1);
    assertThat(group(zone, "m3", 1)).as("max=1 again").isSameAs(limited);
    assertThat(group(zone, "m2", 1)).as("k unlimited, after a limited k").isNotSameAs(limited);
    assertThat(group(zone, "m2", 1).servedIndices(i -> 0, HealthView.ALL_UP)).hasSize(2);
    Object limitedChoice = weighted(zone, "lim1", Type.A).root().target(0);
    assertThat(weighted(zone, "lim2", Type.A).root().target(0)).as("m2 under max=1, reached twice")
        .isSameAs(limitedChoice);
    assertThat(limitedChoice).as("not m2's own, unlimited choice").isNotSameAs(weighted(zone, "m2", Type.A).root());
  }

  private static WeightedName weighted(Zone zone, String owner, int type) {
    return zone.node(Name.fromConstantString(owner + ".example.com.")).alias(type);
  }

  private static AddressGroup first(Zone zone, String owner) {
    return (AddressGroup) weighted(zone, owner, Type.A).root().target(0);
  }

  @Test
  void aliasesThatReachAGroupAlikeShareItAndTheOthersHaveTheirOwn() {
    ZoneLoader.FileLoad load = TestZones.read("example.com.zone", ZONE);
    assertThat(load.problems()).isEmpty();
    Zone zone = load.zone();
    AddressGroup plain = first(zone, "a");
    assertThat(plain.id()).isEqualTo("g.example.com.");
    assertThat(first(zone, "b")).as("same spelling, no id, no max").isSameAs(plain);
    assertThat(first(zone, "c")).as("id=blue").isNotSameAs(plain).extracting(AddressGroup::id).isEqualTo("blue");
    assertThat(first(zone, "f")).as("id=blue again").isSameAs(first(zone, "c"));
    assertThat(first(zone, "d")).as("spelled G").isNotSameAs(plain).extracting(AddressGroup::id)
        .isEqualTo("G.example.com.");
    assertThat(first(zone, "e")).as("max=1").isNotSameAs(plain).extracting(AddressGroup::id)
        .isEqualTo("g.example.com.");
    assertThat(first(zone, "e").servedIndices(i -> 0, HealthView.ALL_UP)).as("max=1 answers one address")
        .hasSize(1);
    assertThat(plain.servedIndices(i -> 0, HealthView.ALL_UP)).hasSize(2);
    assertThat(weighted(zone, "a", Type.A).root().target(1)).as("h, for A and for every owner")
        .isSameAs(weighted(zone, "b", Type.A).root().target(1));
    assertThat(weighted(zone, "a", Type.AAAA).root().size()).as("only h has AAAA").isEqualTo(1);
    assertThat(weighted(zone, "a", Type.AAAA).root().target(0)).isNotSameAs(plain)
        .isSameAs(weighted(zone, "b", Type.AAAA).root().target(0));
    assertThat(weighted(zone, "top", Type.A).root().target(0)).as("a's choice, whoever reaches it unlimited")
        .isSameAs(weighted(zone, "a", Type.A).root());
    assertThat(weighted(zone, "top", Type.A).leaves()).as("each distinct group once, in the order met")
        .containsExactly(plain, (AddressGroup) weighted(zone, "a", Type.A).root().target(1), first(zone, "e"));
  }
}
